package dev.quire.platform.api;

/** The {@code limit} of a list request: 1 to {@value #MAX}, the list's own default when absent; else refused. */
public final class PageSize {
    public static final int MAX = 200;

    private PageSize() {}

    public static int of(Integer limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > MAX) {
            throw new InvalidParameter("limit", "must be between 1 and " + MAX);
        }
        return limit;
    }
}
