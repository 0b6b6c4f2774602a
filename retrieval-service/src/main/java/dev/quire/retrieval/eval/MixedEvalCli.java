package dev.quire.retrieval.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.platform.eval.GatewayClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make eval-fusion}: the mixed tuning set of hybrid search, one line per tuning. It evaluates, through the
 * evaluation API of the running stack, the SciFact knowledge base {@code make eval} loaded (hybrid nDCG@10) and the
 * answer documents {@code make eval-answers} loaded: each question set's right passage in the first five (from the
 * expected document; for the rare-identifier questions also containing the identifier verbatim).
 */
public final class MixedEvalCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MixedEvalCli() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MixedEvalCli <BEIR dir> <answers dir> <question set.json>... "
                    + "(env EVAL_TUNINGS: a JSON array of tuning overrides, default [{}])");
            System.exit(2);
        }
        String base = System.getProperty("quire.gateway", "http://127.0.0.1:8080");
        Path beir = Path.of(args[0]);
        Path answers = Path.of(args[1]);
        var scifact = client(base, beir, "");
        var docs = client(base, answers, "answers");
        var queries = EvalCli.readJsonl(beir.resolve("queries.jsonl"));
        var qrels = EvalCli.readQrels(beir.resolve("qrels"));
        var qs = new ArrayList<Map<String, String>>();
        for (JsonNode q : queries) {
            if (qrels.containsKey(q.get("_id").asText())) {
                qs.add(Map.of("id", q.get("_id").asText(), "text", q.get("text").asText()));
            }
        }
        var sets = new ArrayList<Map.Entry<String, List<Map<String, Object>>>>();
        for (int i = 2; i < args.length; i++) {
            Path f = Path.of(args[i]);
            sets.add(Map.entry(f.getFileName().toString(), items(JSON.readTree(f.toFile()))));
        }
        String tuningsEnv = System.getenv("EVAL_TUNINGS");
        JsonNode tunings = JSON.readTree(tuningsEnv == null || tuningsEnv.isBlank() ? "[{}]" : tuningsEnv);
        for (JsonNode tuning : tunings) {
            var line = new StringBuilder("tuning=" + tuning);
            ObjectNode body = request("scifact", tuning);
            body.put("k", 100);
            body.set("queries", JSON.valueToTree(qs));
            body.set("qrels", JSON.valueToTree(qrels));
            JsonNode r =
                    scifact.client().post(scifact.path(), body).get("results").get("hybrid");
            line.append(String.format(
                    Locale.ROOT,
                    " scifact ndcg@10=%.4f mrr@10=%.4f",
                    r.get("ndcgAt10").asDouble(),
                    r.get("mrrAt10").asDouble()));
            for (var set : sets) {
                ObjectNode b = request(set.getKey(), tuning);
                b.put("k", 10);
                b.set("items", JSON.valueToTree(set.getValue()));
                JsonNode s = docs.client().post(docs.path(), b).get("results").get("hybrid");
                double hit = s.get("passageHitAt5").asDouble();
                line.append(String.format(
                        Locale.ROOT,
                        " %s passage@5=%.3f (%d/%d)",
                        set.getKey(),
                        hit,
                        Math.round(hit * set.getValue().size()),
                        set.getValue().size()));
            }
            System.out.println(line);
        }
    }

    private record Kb(GatewayClient client, String path) {}

    /** Logged in as the tenant a previous {@code make eval} / {@code make eval-answers} created for the dataset. */
    private static Kb client(String base, Path dataset, String prefix) throws Exception {
        var api = new GatewayClient(base, Duration.ofMinutes(10));
        Path state = GatewayClient.stateFile(dataset, prefix);
        if (!Files.exists(state)) {
            throw new IllegalStateException("no loaded knowledge base for " + dataset + " (" + state + "): run "
                    + (prefix.isEmpty() ? "make eval" : "make eval-answers") + " DATASET=" + dataset + " first");
        }
        var saved = api.resume(state, s -> System.err.println("[eval-fusion] " + s))
                .orElseThrow(() -> new IllegalStateException("cannot log in with " + state));
        return new Kb(api, "/api/v1/knowledge-bases/" + saved.kb() + "/evaluations");
    }

    private static ObjectNode request(String name, JsonNode tuning) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", "make eval-fusion " + name);
        body.set("modes", JSON.valueToTree(List.of("hybrid")));
        body.set("tuning", tuning);
        return body;
    }

    /**
     * Evaluation items of a question set: {@code answerable} questions (questions.json, heldout.json) are judged
     * by their document, {@code questions} with an {@code identifier} (identifiers.json) also by that text.
     */
    static List<Map<String, Object>> items(JsonNode spec) {
        var out = new ArrayList<Map<String, Object>>();
        for (String key : List.of("answerable", "questions")) {
            for (JsonNode q : spec.path(key)) {
                var item = new java.util.LinkedHashMap<String, Object>();
                item.put("question", q.get("question").asText());
                item.put("expectedDocumentIds", List.of(q.get("doc").asText()));
                if (q.hasNonNull("identifier")) {
                    item.put("expectedText", q.get("identifier").asText());
                }
                out.add(item);
            }
        }
        return out;
    }
}
