package dev.quire.ingestion.document;

import dev.quire.platform.api.ApiException;
import java.util.LinkedHashSet;
import java.util.List;

/** A document's tags: how many it may carry and how long one may be, and tags as a client gave them, made clean. */
public final class Tags {
    /** Tags one document carries at most. */
    public static final int MAX = 32;
    /** Characters of one tag at most. */
    public static final int MAX_LENGTH = 64;

    private Tags() {}

    /** Tags as given: trimmed, without empties and repeats, at most 32 of at most 64 characters, no control chars. */
    public static List<String> normalize(List<String> raw) {
        var out = new LinkedHashSet<String>();
        for (String t : raw == null ? List.<String>of() : raw) {
            String s = t == null ? "" : t.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.length() > MAX_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.validation("a tag has at most " + MAX_LENGTH + " characters and no controls");
            }
            out.add(s);
        }
        if (out.size() > MAX) {
            throw ApiException.validation("at most " + MAX + " tags");
        }
        return List.copyOf(out);
    }
}
