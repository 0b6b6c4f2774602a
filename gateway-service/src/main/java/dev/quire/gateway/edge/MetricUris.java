package dev.quire.gateway.edge;

import dev.quire.gateway.proxy.Routes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Bounded, id-free {@code uri} tags on the gateway's HTTP metrics. The gateway forwards on wildcard routes, so
 * Micrometer sees raw paths (every tenant's object ids, and whatever a client types) and, for the forwarding client,
 * raw query strings. Each such tag becomes a template: UUIDs, numbers and long opaque tokens turn into {@code {id}};
 * a path an upstream did not answer 2xx/3xx (any client can make up those) is named by its route prefix alone
 * ({@code /api/v1/documents/**}); the web app's pages and files are {@value #UI}. Micrometer's own cap
 * ({@code quarkus.micrometer.binder.http-server.max-uri-tags}) stays as the last bound.
 */
@Singleton
public class MetricUris {
    /** The tag of every path the web app answers (its pages are any path a browser asks for). */
    public static final String UI = "UI";

    static final String ID = "{id}";
    /** Deeper paths than this are named by their route prefix. */
    static final int MAX_SEGMENTS = 8;

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    @Produces
    @Singleton
    MeterFilter templatedUris(Routes routes) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                boolean server = id.getName().startsWith("http.server");
                if (!server && !id.getName().startsWith("http.client")) {
                    return id;
                }
                String uri = id.getTag("uri");
                if (uri == null) {
                    return id;
                }
                String templated = template(uri, id.getTag("status"), server, routes::prefix);
                return templated.equals(uri) ? id : id.withTag(Tag.of("uri", templated));
            }
        };
    }

    /**
     * The tag for a {@code uri} (a path, or Micrometer's {@code NOT_FOUND}, {@code root}...), given the response
     * status ({@code null} when there is none) and which route prefix owns a path.
     */
    static String template(String uri, String status, boolean server, Function<String, Optional<String>> prefixOf) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!path.startsWith("/") || path.equals("/") || (server && path.equals("/ws/chat"))) {
            return path;
        }
        String[] segments = path.substring(1).split("/", -1);
        String owner = prefixOf.apply(path)
                .orElseGet(() -> server ? null : leading(segments, 3)); // the gateway's own calls (/internal/v1/...)
        if (owner == null) {
            return UI;
        }
        boolean answered = status != null && (status.startsWith("2") || status.startsWith("3"));
        if (!answered || segments.length > MAX_SEGMENTS) {
            return path.equals(owner) ? owner : owner + "/**";
        }
        for (int i = 0; i < segments.length; i++) {
            if (idLike(segments[i])) {
                segments[i] = ID;
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String leading(String[] segments, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(n, segments.length); i++) {
            b.append('/').append(idLike(segments[i]) ? ID : segments[i]);
        }
        return b.toString();
    }

    static boolean idLike(String segment) {
        return UUID.matcher(segment).matches()
                || NUMBER.matcher(segment).matches()
                || (segment.length() >= 16 && segment.chars().anyMatch(Character::isDigit));
    }
}
