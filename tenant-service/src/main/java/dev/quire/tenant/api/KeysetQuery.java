package dev.quire.tenant.api;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of rows oldest first after a {@link Paging.Key} (createdAt, id) cursor, narrowed by equality conditions
 * that apply only when their value is given: the query behind every keyset-paged list of this service.
 */
public final class KeysetQuery {
    private final String from;
    private final String alias;
    private final StringBuilder where = new StringBuilder();
    private final Parameters params = new Parameters();

    private KeysetQuery(String from, String alias) {
        this.from = from;
        this.alias = alias;
    }

    /** A query over the repository's entity, its fields named as they are. */
    public static KeysetQuery rows() {
        return new KeysetQuery("", "");
    }

    /** A query that starts with {@code from} (HQL ending in {@code where }) whose entity is named {@code alias}. */
    public static KeysetQuery from(String from, String alias) {
        return new KeysetQuery(from, alias + ".");
    }

    /** Adds {@code field = value}; nothing when value is null. */
    public KeysetQuery where(String field, Object value) {
        if (value != null) {
            String name = "p" + where.length();
            and(alias + field + " = :" + name);
            params.and(name, value);
        }
        return this;
    }

    /** Starts after the row at (time, id); the first page when either is null. */
    public KeysetQuery after(Instant time, UUID id) {
        if (time != null && id != null) {
            String at = alias + "createdAt";
            and("(" + at + " > :time or (" + at + " = :time and " + alias + "id > :id))");
            params.and("time", time).and("id", id);
        }
        return this;
    }

    /** The first {@code limit} rows, oldest first with the id breaking ties. */
    public <E> Uni<List<E>> list(PanacheRepositoryBase<E, UUID> repository, int limit) {
        String query = from + (where.isEmpty() ? "1 = 1" : where);
        String order = " order by " + alias + "createdAt, " + alias + "id";
        return repository.find(query + order, params).range(0, limit - 1).list();
    }

    private void and(String condition) {
        if (!where.isEmpty()) {
            where.append(" and ");
        }
        where.append(condition);
    }
}
