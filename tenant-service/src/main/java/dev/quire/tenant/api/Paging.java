package dev.quire.tenant.api;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset paging: an opaque cursor naming the (time, id) of the last item seen (the {@code limit} is platform's
 * {@link dev.quire.platform.api.PageSize}).
 */
public final class Paging {
    /** The position a cursor names. */
    public record Key(Instant time, UUID id) {}

    private Paging() {}

    /** The decoded cursor, or null for the first page. */
    public static Key cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return new Key(
                    Instants.bounded(Instant.parse(p[0]), "cursor is not valid"),
                    p[1].isEmpty() ? null : UUID.fromString(p[1]));
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor is not valid");
        }
    }

    public static String encode(Instant time, UUID id) {
        String raw = time + "|" + (id == null ? "" : id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Turns rows fetched with {@code limit + 1} into a page: the extra row only tells that there is a next page,
     * whose cursor is the key of the page's last item.
     */
    public static <R, V> Page<V> page(List<R> rows, int limit, Function<R, Key> key, Function<R, V> view) {
        boolean more = rows.size() > limit;
        List<R> items = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            Key k = key.apply(items.get(items.size() - 1));
            next = encode(k.time(), k.id());
        }
        return new Page<>(items.stream().map(view).toList(), next);
    }

    /** An ISO-8601 instant or date (midnight UTC) in the years 1 to 9999; null when absent. */
    public static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String problem = name + " must be an ISO-8601 instant or date in the years 1 to 9999";
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (RuntimeException e) {
            try {
                at = java.time.LocalDate.parse(value)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant();
            } catch (RuntimeException e2) {
                throw ApiException.validation(problem);
            }
        }
        return Instants.bounded(at, problem);
    }
}
