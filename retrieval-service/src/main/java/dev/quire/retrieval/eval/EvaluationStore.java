package dev.quire.retrieval.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Stored evaluation runs of a knowledge base. */
@ApplicationScoped
@RequiredArgsConstructor
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

    public Evaluation save(
            UUID tenantId, UUID kbId, String name, int queries, Map<String, EvaluationService.ModeResult> results) {
        UUID id = UUID.randomUUID();
        return db.inTenant(tenantId, c -> {
            try {
                // an insert returning: exactly one row
                return Db.one(
                                c,
                                "insert into evaluations(id, tenant_id, knowledge_base_id, name,"
                                        + " queries, results) values (?, ?, ?, ?, ?, ?::jsonb) returning created_at",
                                rs -> new Evaluation(
                                        id,
                                        kbId,
                                        name,
                                        queries,
                                        results,
                                        rs.getTimestamp(1).toInstant()),
                                id,
                                tenantId,
                                kbId,
                                name,
                                queries,
                                json.writeValueAsString(results))
                        .orElseThrow();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public List<Evaluation> list(UUID tenantId, UUID kbId, int limit) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select id, name, queries, results::text, created_at from evaluations"
                                + " where tenant_id = ? and knowledge_base_id = ? order by created_at desc limit ?",
                        rs -> new Evaluation(
                                rs.getObject(1, UUID.class),
                                kbId,
                                rs.getString(2),
                                rs.getInt(3),
                                results(rs.getString(4)),
                                rs.getTimestamp(5).toInstant()),
                        tenantId,
                        kbId,
                        limit));
    }

    private Map<String, EvaluationService.ModeResult> results(String text) {
        try {
            return json.readValue(text, RESULTS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
