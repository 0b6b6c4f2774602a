package dev.quire.retrieval.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.platform.eval.GatewayClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code make eval DATASET=dir}: loads a BEIR directory into a fresh tenant through the running stack (upload →
 * Tika → chunking → MiniLM → Kafka → pgvector/BM25), waits until every document is indexed, then runs the
 * evaluation API per mode and prints one line per mode. A second run on the same dataset reuses the indexed
 * knowledge base (kept in {@code .quire/eval/}).
 * One class because it is one command-line run; the HTTP plumbing is platform's {@link GatewayClient}, and nothing in
 * the service itself uses it.
 */
public final class EvalCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UPLOAD_BATCH = 100;

    private final GatewayClient api;

    private EvalCli(String base) {
        this.api = new GatewayClient(base, Duration.ofMinutes(10));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EvalCli <BEIR dir> [base URL]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        var cli = new EvalCli(args.length > 1 ? args[1] : "http://127.0.0.1:8080");
        var corpus =
                readJsonl(dir.resolve(Files.exists(dir.resolve("corpus.jsonl")) ? "corpus.jsonl" : "corpus.jsonl.gz"));
        var queries = readJsonl(dir.resolve("queries.jsonl"));
        var qrels = readQrels(dir.resolve("qrels"));
        String kb = cli.prepare(dir, corpus);
        var results = cli.evaluate(kb, queries, qrels);
        for (String mode : List.of("keyword", "vector", "hybrid")) {
            JsonNode r = results.get(mode);
            System.out.printf(
                    java.util.Locale.ROOT,
                    "mode=%s ndcg@10=%.4f recall@100=%.4f mrr@10=%.4f queries=%d%n",
                    mode,
                    r.get("ndcgAt10").asDouble(),
                    r.get("recallAtK").asDouble(),
                    r.get("mrrAt10").asDouble(),
                    r.get("queries").asInt());
        }
    }

    /** A knowledge base holding the whole corpus, indexed: reused when a previous run completed it. */
    private String prepare(Path dir, List<JsonNode> corpus) throws Exception {
        Path state = GatewayClient.stateFile(dir, "");
        var saved = api.resume(state, EvalCli::log);
        if (saved.isPresent()) {
            JsonNode kb = api.get("/api/v1/knowledge-bases/" + saved.get().kb());
            if (kb.path("statusCounts").path("INDEXED").asLong()
                            + kb.path("statusCounts").path("FAILED").asLong()
                    >= saved.get().all().path("documents").asLong()) {
                log("reusing indexed knowledge base " + saved.get().kb());
                return saved.get().kb();
            }
        }
        var login = api.signup("Evaluation", "pro", "eval");
        String kb = api.createKnowledgeBase("eval " + dir.getFileName());
        long start = System.currentTimeMillis();
        for (int i = 0; i < corpus.size(); i += UPLOAD_BATCH) {
            upload(kb, corpus.subList(i, Math.min(corpus.size(), i + UPLOAD_BATCH)));
        }
        log("uploaded " + corpus.size() + " documents in " + (System.currentTimeMillis() - start) / 1000 + " s");
        GatewayClient.save(
                state,
                Map.of(
                        "email",
                        login.get("email"),
                        "password",
                        login.get("password"),
                        "kb",
                        kb,
                        "documents",
                        corpus.size()));
        while (true) {
            JsonNode counts = api.get("/api/v1/knowledge-bases/" + kb).path("statusCounts");
            long done = counts.path("INDEXED").asLong() + counts.path("FAILED").asLong();
            long docs = counts.path("INDEXED").asLong();
            log(String.format(
                    "indexed %d / %d (failed %d) after %d s",
                    docs, corpus.size(), counts.path("FAILED").asLong(), (System.currentTimeMillis() - start) / 1000));
            // the same bytes twice are one document, so wait for the documents the knowledge base holds
            if (done > 0 && done >= total(counts)) {
                break;
            }
            Thread.sleep(10_000);
        }
        return kb;
    }

    private static long total(JsonNode counts) {
        long total = 0;
        for (JsonNode n : counts) {
            total += n.asLong();
        }
        return total;
    }

    private Map<String, JsonNode> evaluate(String kb, List<JsonNode> queries, Map<String, Map<String, Integer>> qrels)
            throws Exception {
        var qs = new ArrayList<Map<String, String>>();
        for (JsonNode q : queries) {
            if (qrels.containsKey(q.get("_id").asText())) {
                qs.add(Map.of("id", q.get("_id").asText(), "text", q.get("text").asText()));
            }
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String mode : List.of("keyword", "vector", "hybrid")) {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", "make eval " + mode);
            body.set("modes", JSON.valueToTree(List.of(mode)));
            body.put("k", 100);
            body.set("queries", JSON.valueToTree(qs));
            body.set("qrels", JSON.valueToTree(qrels));
            String tuning = System.getenv("EVAL_TUNING");
            if (tuning != null && !tuning.isBlank()) {
                body.set("tuning", JSON.readTree(tuning));
            }
            long start = System.currentTimeMillis();
            JsonNode r = api.post("/api/v1/knowledge-bases/" + kb + "/evaluations", body);
            log(mode + " evaluated in " + (System.currentTimeMillis() - start) + " ms");
            out.put(mode, r.get("results").get(mode));
        }
        return out;
    }

    private void upload(String kb, List<JsonNode> docs) throws Exception {
        var files = new ArrayList<GatewayClient.Upload>();
        for (JsonNode d : docs) {
            String id = d.get("_id").asText();
            String title = d.path("title").asText("");
            String text = (title.isBlank() ? "" : "# " + title + "\n\n")
                    + d.path("text").asText("");
            files.add(new GatewayClient.Upload(
                    id.replaceAll("[^A-Za-z0-9._-]", "_") + ".md",
                    "text/markdown",
                    text.getBytes(StandardCharsets.UTF_8)));
        }
        api.upload(kb, files);
    }

    static List<JsonNode> readJsonl(Path file) throws IOException {
        var in = Files.newInputStream(file);
        var reader = new BufferedReader(new InputStreamReader(
                file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
        try (reader) {
            var out = new ArrayList<JsonNode>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        }
    }

    /** Every {@code qrels/*.tsv} (header line optional): query id → document id → grade. */
    static Map<String, Map<String, Integer>> readQrels(Path dir) throws IOException {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        try (var files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String[] p = line.split("\t");
                    if (p.length < 3 || p[0].equals("query-id")) {
                        continue;
                    }
                    int grade = Integer.parseInt(p[2].strip());
                    if (grade > 0) {
                        out.computeIfAbsent(p[0], k -> new LinkedHashMap<>()).put(p[1], grade);
                    }
                }
            }
        }
        return out;
    }

    private static void log(String s) {
        System.err.println("[eval] " + s);
    }
}
