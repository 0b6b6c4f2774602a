package dev.quire.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Keeps object ids out of every service's HTTP metrics: a request answered before routing (a refused path form, NUL
 * in the query) has no route template, and its raw URI would name another tenant's objects and grow the tag set
 * without bound. UUIDs and long numbers in a {@code uri} tag become {@code {id}}.
 */
public class IdFreeUris {
    static final Pattern ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\b\\d{4,}\\b");

    @Produces
    @Singleton
    MeterFilter idFreeUris() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (uri == null || !id.getName().startsWith("http.server")) {
                    return id;
                }
                String clean = template(uri);
                return clean.equals(uri) ? id : id.replaceTags(replace(id.getTags(), clean));
            }
        };
    }

    static String template(String uri) {
        int q = uri.indexOf('?');
        return ID.matcher(q >= 0 ? uri.substring(0, q) : uri).replaceAll("{id}");
    }

    private static java.util.List<Tag> replace(java.util.List<Tag> tags, String uri) {
        return tags.stream()
                .map(t -> "uri".equals(t.getKey()) ? Tag.of("uri", uri) : t)
                .toList();
    }
}
