package dev.quire.retrieval;

import dev.quire.platform.db.Db;
import java.util.UUID;

/** One-value queries the tests read the store with, in a transaction that sees one tenant's rows. */
final class Sql {
    private Sql() {}

    /** The first column of the first row, as a long. */
    static long longValue(Db db, UUID tenant, String sql, Object... params) {
        return value(db, tenant, sql, rs -> rs.getLong(1), params);
    }

    /** The first column of the first row, as text. */
    static String textValue(Db db, UUID tenant, String sql, Object... params) {
        return value(db, tenant, sql, rs -> rs.getString(1), params);
    }

    /** The first row of {@code sql}, read by {@code column}. */
    private static <T> T value(Db db, UUID tenant, String sql, Db.Row<T> column, Object... params) {
        return db.inTenant(tenant, c -> Db.one(c, sql, column, params).orElseThrow());
    }
}
