package dev.quire.retrieval;

import dev.quire.platform.db.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** One-value queries the tests read the store with, in a transaction that sees one tenant's rows. */
final class Sql {
    private Sql() {}

    /** The first column of the first row, as a long. */
    static long longValue(Db db, UUID tenant, String sql, Object... params) {
        return db.inTenant(tenant, c -> {
            try (var ps = prepare(c, sql, params)) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The first column of the first row, as text. */
    static String textValue(Db db, UUID tenant, String sql, Object... params) {
        return db.inTenant(tenant, c -> {
            try (var ps = prepare(c, sql, params)) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        var ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
