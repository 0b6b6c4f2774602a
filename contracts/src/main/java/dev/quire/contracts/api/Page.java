package dev.quire.contracts.api;

import java.util.List;

/** Every {@code /api/v1} list: the items and the cursor of the next page, or null. */
public record Page<T>(List<T> items, String nextCursor) {
    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }
}
