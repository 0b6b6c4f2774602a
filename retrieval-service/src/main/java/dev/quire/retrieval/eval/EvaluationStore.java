package dev.quire.retrieval.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stored evaluation runs of a knowledge base. */
@ApplicationScoped
public class EvaluationStore {
    /** One stored run. */
    public record Evaluation(
            UUID id,
            UUID knowledgeBaseId,
            String name,
            int queries,
            Map<String, EvaluationService.ModeResult> results,
            Instant createdAt) {}

    private static final TypeReference<Map<String, EvaluationService.ModeResult>> RESULTS = new TypeReference<>() {};

    private final Db db;
    private final ObjectMapper json;

    public EvaluationStore(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public Evaluation save(
            UUID tenantId, UUID kbId, String name, int queries, Map<String, EvaluationService.ModeResult> results) {
        UUID id = UUID.randomUUID();
        return db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("insert into evaluations(id, tenant_id, knowledge_base_id, name,"
                    + " queries, results) values (?, ?, ?, ?, ?, ?::jsonb) returning created_at")) {
                ps.setObject(1, id);
                ps.setObject(2, tenantId);
                ps.setObject(3, kbId);
                ps.setString(4, name);
                ps.setInt(5, queries);
                ps.setString(6, json.writeValueAsString(results));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Evaluation(
                            id, kbId, name, queries, results, rs.getTimestamp(1).toInstant());
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public List<Evaluation> list(UUID tenantId, UUID kbId, int limit) {
        return db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("select id, name, queries, results::text, created_at from evaluations"
                    + " where tenant_id = ? and knowledge_base_id = ? order by created_at desc limit ?")) {
                ps.setObject(1, tenantId);
                ps.setObject(2, kbId);
                ps.setInt(3, limit);
                var out = new ArrayList<Evaluation>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Evaluation(
                                rs.getObject(1, UUID.class),
                                kbId,
                                rs.getString(2),
                                rs.getInt(3),
                                json.readValue(rs.getString(4), RESULTS),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
                return out;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
