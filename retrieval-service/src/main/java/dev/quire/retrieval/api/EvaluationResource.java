package dev.quire.retrieval.api;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import dev.quire.retrieval.eval.EvaluationService;
import dev.quire.retrieval.eval.EvaluationStore;
import dev.quire.retrieval.search.KnowledgeBases;
import dev.quire.retrieval.search.SearchService;
import dev.quire.retrieval.store.SearchStore;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Retrieval evaluation of a knowledge base against a golden set, per mode; runs are stored and listable. Running one
 * loads the search engine, so it needs an admin (and an API key's admin scope); reading the results needs read.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/knowledge-bases/{kbId}/evaluations")
@Authenticated
@RequiredArgsConstructor
public class EvaluationResource {
    /** A BEIR query. */
    public record Query(String id, String text) {}

    /**
     * A question with the documents (ids, filenames or filename stems) that answer it, and optionally the text a
     * passage must contain verbatim to count as the answering one (an identifier, a fact).
     */
    public record Item(String question, List<String> expectedDocumentIds, String expectedText) {}

    /** Optional overrides of the hybrid settings, to compare them on the same golden set. */
    public record TuningOverride(
            String fusion,
            Double denseWeight,
            Integer rrfK,
            Integer candidateFactor,
            Double k1,
            Double b,
            Integer identifierMaxChunks,
            Integer identifierRank) {}

    /** A golden set: BEIR queries + qrels, and/or question items; every judged query is evaluated. */
    public record EvaluationRequest(
            String name,
            List<String> modes,
            Integer k,
            List<Query> queries,
            Map<String, Map<String, Integer>> qrels,
            List<Item> items,
            TuningOverride tuning) {}

    private final EvaluationService evaluations;
    private final EvaluationStore store;
    private final SearchService search;
    private final JsonWebToken jwt;
    private final SearchStore searchStore;
    private final KnowledgeBases knowledgeBases;

    @POST
    public Response run(@PathParam("kbId") UUID kbId, @NotNull @Valid EvaluationRequest req) {
        var caller = Caller.from(jwt);
        if (!caller.canSee(kbId) || !searchStore.knowledgeBaseExists(caller.tenantId(), kbId)) {
            throw ApiException.notFound("knowledge base");
        }
        caller.require(Role.ADMIN, Scope.ADMIN);
        var golden = golden(req);
        List<String> modes =
                req.modes() == null || req.modes().isEmpty() ? List.of("keyword", "vector", "hybrid") : req.modes();
        var results = evaluations.evaluate(
                caller.tenantId(), kbId, golden, modes, req.k() == null ? 100 : req.k(), tuning(req.tuning()));
        return Response.status(201)
                .entity(store.save(caller.tenantId(), kbId, req.name(), golden.size(), results))
                .build();
    }

    @GET
    public Page<EvaluationStore.Evaluation> list(@PathParam("kbId") UUID kbId, @QueryParam("limit") Integer limit) {
        var caller = Caller.from(jwt);
        if (!caller.canSee(kbId)) {
            throw ApiException.notFound("knowledge base");
        }
        caller.require(Role.VIEWER, Scope.READ);
        int n = PageSize.of(limit, 50);
        var items = store.list(caller.tenantId(), kbId, n);
        // another tenant's knowledge base is 404, never an empty 200; an own one without chunks yet is confirmed
        // by ingestion-service, as for search
        if (items.isEmpty() && !knowledgeBases.allOwn(caller.tenantId(), List.of(kbId), jwt.getRawToken())) {
            throw ApiException.notFound("knowledge base");
        }
        return Page.of(items);
    }

    private static List<EvaluationService.Judged> golden(EvaluationRequest req) {
        var out = new ArrayList<EvaluationService.Judged>();
        if (req.queries() != null) {
            var qrels = req.qrels() == null ? Map.<String, Map<String, Integer>>of() : req.qrels();
            for (int i = 0; i < req.queries().size(); i++) {
                Query q = req.queries().get(i);
                if (q == null || q.id() == null || q.id().isBlank()) {
                    throw ApiException.validation("queries[" + i + "].id is required: qrels name queries by it");
                }
                var rel = qrels.get(q.id());
                if (q.text() != null && rel != null && rel.values().stream().anyMatch(g -> g != null && g > 0)) {
                    out.add(new EvaluationService.Judged(q.id(), q.text(), rel, null, false));
                }
            }
        }
        if (req.items() != null) {
            int i = 0;
            for (Item item : req.items()) {
                if (item.question() != null
                        && item.expectedDocumentIds() != null
                        && !item.expectedDocumentIds().isEmpty()) {
                    var rel = new java.util.HashMap<String, Integer>();
                    item.expectedDocumentIds().forEach(d -> rel.put(d, 1));
                    out.add(new EvaluationService.Judged(
                            "item-" + i++, item.question(), rel, blankToNull(item.expectedText()), true));
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private SearchService.Tuning tuning(TuningOverride o) {
        var d = search.defaults();
        if (o == null) {
            return d;
        }
        if (o.fusion() != null && !List.of("rrf", "weighted").contains(o.fusion())) {
            throw ApiException.validation("tuning.fusion must be rrf or weighted");
        }
        within("denseWeight", o.denseWeight(), 0, 1);
        within("rrfK", o.rrfK(), 1, 1000);
        within("candidateFactor", o.candidateFactor(), 1, 20);
        within("k1", o.k1(), 0, 10);
        within("b", o.b(), 0, 1);
        // each rare-identifier chunk is read with its text, so the override is bounded like a search's topK
        within("identifierMaxChunks", o.identifierMaxChunks(), 0, 20);
        within("identifierRank", o.identifierRank(), 1, 50);
        return new SearchService.Tuning(
                o.fusion() == null ? d.fusion() : o.fusion(),
                o.denseWeight() == null ? d.denseWeight() : o.denseWeight(),
                o.rrfK() == null ? d.rrfK() : o.rrfK(),
                o.candidateFactor() == null ? d.candidateFactor() : o.candidateFactor(),
                o.k1() == null ? d.k1() : o.k1(),
                o.b() == null ? d.b() : o.b(),
                o.identifierMaxChunks() == null ? d.identifierMaxChunks() : o.identifierMaxChunks(),
                o.identifierRank() == null ? d.identifierRank() : o.identifierRank());
    }

    /** A tuning override outside its range would fail the search (a negative k1, a zero candidate factor): 400. */
    private static void within(String name, Number value, double min, double max) {
        if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw ApiException.validation("tuning." + name + " must be between " + fmt(min) + " and " + fmt(max));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
