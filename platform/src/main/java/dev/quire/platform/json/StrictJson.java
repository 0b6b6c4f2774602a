package dev.quire.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every JSON document this service reads (bodies, events, frames) is read strictly: trailing tokens after the
 * document, duplicate keys, nesting deeper than {@link #MAX_DEPTH}, strings longer than {@link #MAX_STRING} and the
 * escape {@code \\u0000} (U+0000) are refused; each service's problem mapper answers them 400 {@code validation_failed}.
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
    }

    /** What to tell the caller about a refused document: Jackson's reason, without its location dump. */
    public static String detail(JsonProcessingException e) {
        String why = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        return "invalid JSON: " + (why.length() > 300 ? why.substring(0, 300) + "…" : why);
    }
}
