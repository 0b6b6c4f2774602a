package dev.quire.platform.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Every JSON document this service reads (bodies, events, frames) is read strictly: trailing tokens after the
 * document, duplicate keys, nesting deeper than {@link #MAX_DEPTH}, strings longer than {@link #MAX_STRING}, null
 * elements of a list, a scalar of the wrong type (never coerced, a fraction never cut to a whole number) and the escape {@code \\u0000} (U+0000) are refused; each service's problem mapper answers them 400 {@code validation_failed}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    public static final int MAX_DEPTH = 100;
    public static final int MAX_STRING = 5_000_000;

    @Override
    @SuppressWarnings("deprecation") // JsonFactory.setInputDecorator: the mapper exists already, no builder here
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING)
                        .build());
        mapper.getFactory().setInputDecorator(new NulGuard.JsonInput());
        // a value of the wrong type is refused, not coerced: 123 for a name, "8" for a number, "yes" for a boolean
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // 50.5 where a whole number is read is refused, not cut to 50
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // [null] where a list of ids, scopes or queries is read: refused here, not found later as a 500
        for (Class<?> list : List.of(Collection.class, List.class, Set.class)) {
            mapper.configOverride(list).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        }
    }
}
