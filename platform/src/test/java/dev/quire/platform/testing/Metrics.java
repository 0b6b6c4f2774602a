package dev.quire.platform.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A service's Prometheus scrape as the tests read it, and the check that no object id reached a metric. */
public final class Metrics {
    /** A UUID anywhere in a line. */
    public static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Metrics() {}

    /** The lines of a scrape (which must answer 200) that start with one of {@code prefixes}. */
    public static List<String> lines(Response scrape, String... prefixes) {
        return scrape.then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> Stream.of(prefixes).anyMatch(l::startsWith))
                .toList();
    }

    /** Fails on the first line naming an object id ({@code what}: the message's beginning). */
    public static void assertNoIds(List<String> lines, String what) {
        for (String line : lines) {
            assertFalse(UUID_TEXT.matcher(line).find(), what + "an id in a metric: " + line);
        }
    }
}
