package dev.quire.platform.db;

import dev.quire.platform.runtime.TenantSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import lombok.RequiredArgsConstructor;

/**
 * Runs work in one transaction, optionally scoped to a tenant: {@code app.tenant_id} is set for the transaction so
 * row-level security is the second wall behind each query's own tenant filter. Small helpers bind plain Java values
 * to SQL parameters.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Db {
    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource ds;

    /** A transaction that is not about one tenant (sign-in, key lookups, the outbox relay, work queues): sees no tenant rows. */
    public <T> T tx(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A transaction whose row-level security sees the rows of one tenant. */
    public <T> T inTenant(UUID tenantId, Work<T> work) {
        TenantSpan.mark(tenantId);
        return tx(c -> {
            setTenant(c, tenantId);
            return work.run(c);
        });
    }

    /** Points the transaction's row-level security at a tenant. */
    public static void setTenant(Connection c, UUID tenantId) throws SQLException {
        try (var ps = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, tenantId.toString());
            ps.execute();
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (var ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (var ps = prepare(c, sql, args);
                var rs = ps.executeQuery()) {
            var out = new ArrayList<T>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> all = list(c, sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** The elements of a SQL array column as strings (empty when null). */
    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (Object o : (Object[]) a.getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** Wraps a collection so it binds as a SQL array of the given element type. */
    public record SqlArray(String type, Collection<?> values) {}

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        var ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                bind(c, ps, i + 1, args[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close(); // a value that does not bind must not leave the statement open
            throw e;
        }
    }

    private static void bind(Connection c, PreparedStatement ps, int i, Object a) throws SQLException {
        if (a instanceof Instant t) {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (a instanceof SqlArray arr) {
            ps.setArray(
                    i,
                    arr.values() == null
                            ? null
                            : c.createArrayOf(arr.type(), arr.values().toArray()));
        } else {
            ps.setObject(i, a);
        }
    }
}
