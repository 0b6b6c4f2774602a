package dev.quire.tenant.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A plan of the catalogue (Hibernate Reactive entity over {@code plans}); the migrations write it, the service reads. */
@Entity
@Immutable
@Table(name = "plans")
public class Plan {
    @Id
    public String id;

    public String name;

    /** Whether an owner may choose it at sign-up or later on their own. */
    @Column(name = "self_serve")
    public boolean selfServe;

    /** Limit name → value (requestsPerMinute, maxDocuments, …). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> limits;

    /** The plan's requests per minute, which orders the catalogue from the smallest plan up. */
    long requestsPerMinute() {
        return limits.get("requestsPerMinute") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
