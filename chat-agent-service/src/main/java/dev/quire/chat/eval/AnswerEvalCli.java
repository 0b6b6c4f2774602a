package dev.quire.chat.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.Citations;
import dev.quire.chat.agent.OfflineAnswerer;
import dev.quire.contracts.api.SearchHit;
import dev.quire.platform.eval.GatewayClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make eval-answers DATASET=dir}: loads the documents of {@code dir/questions.json} into a fresh tenant through
 * the running stack, waits until they are indexed, asks every question and prints the rate of answers containing the
 * expected fact, citing the expected document, and saying "not found" on the unanswerable ones.
 * By default each question goes to {@code POST /v1/chat/completions} (the deployed answerer); with
 * {@code --in-process} the passages come from the stack's {@code POST /api/v1/search} with the parameters chat-agent
 * uses, and this build's {@link OfflineAnswerer} answers them here, which measures an answerer before it is deployed.
 * One class because it is one command-line run; the HTTP plumbing is platform's {@link GatewayClient}.
 */
public final class AnswerEvalCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GatewayClient api;
    private final ObjectNode hitCache;

    private AnswerEvalCli(String base, ObjectNode hitCache) {
        this.api = new GatewayClient(base, Duration.ofMinutes(2));
        this.hitCache = hitCache;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: AnswerEvalCli <dataset dir> [--in-process] [--hits hits.json] [--out results.json] [base URL]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        boolean inProcess = false;
        Path out = null;
        Path hits = null;
        String base = "http://127.0.0.1:8080";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--in-process" -> inProcess = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--hits" -> hits = Path.of(args[++i]);
                default -> base = args[i];
            }
        }
        JsonNode spec = JSON.readTree(dir.resolve("questions.json").toFile());
        // --hits keeps the stack's search results per question, so an answerer change can be measured again
        // without the stack (the passages stay fixed; only the answerer differs)
        boolean cached = hits != null && hits.toFile().isFile();
        ObjectNode hitCache = cached ? (ObjectNode) JSON.readTree(hits.toFile()) : JSON.createObjectNode();
        var cli = new AnswerEvalCli(base, hitCache);
        String kb = cached ? "" : cli.prepare(dir, spec);
        var answerer = new OfflineAnswerer();
        ArrayNode rows = JSON.createArrayNode();
        int fact = 0, doc = 0, answerable = 0, notFound = 0, unanswerable = 0;
        for (JsonNode q : spec.get("answerable")) {
            ObjectNode r = cli.ask(kb, q.get("question").asText(), inProcess, answerer);
            boolean hasFact = r.get("answer").asText().contains(q.get("fact").asText());
            boolean cites = false;
            for (JsonNode f : r.get("cited")) {
                cites |= f.asText().equals(q.get("doc").asText());
            }
            answerable++;
            fact += hasFact ? 1 : 0;
            doc += cites ? 1 : 0;
            r.put("fact", hasFact)
                    .put("rightDocument", cites)
                    .put("expectedDocument", q.get("doc").asText());
            rows.add(r);
            log((hasFact ? "fact " : "NO-FACT ")
                    + (cites ? "doc " : "NO-DOC ")
                    + q.get("question").asText());
        }
        for (JsonNode q : spec.get("unanswerable")) {
            ObjectNode r = cli.ask(kb, q.get("question").asText(), inProcess, answerer);
            boolean nf = r.get("answer").asText().contains("could not find")
                    && r.get("cited").isEmpty();
            unanswerable++;
            notFound += nf ? 1 : 0;
            r.put("notFound", nf);
            rows.add(r);
            log((nf ? "not-found " : "ANSWERED ") + q.get("question").asText());
        }
        if (out != null) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
        }
        if (hits != null && !cached) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(hits.toFile(), hitCache);
        }
        System.out.printf(
                Locale.ROOT,
                "answerer=%s fact=%.1f%% (%d/%d) right-document=%.1f%% (%d/%d) not-found=%.1f%% (%d/%d)%n",
                inProcess ? "in-process" : "stack",
                100.0 * fact / answerable,
                fact,
                answerable,
                100.0 * doc / answerable,
                doc,
                answerable,
                100.0 * notFound / unanswerable,
                notFound,
                unanswerable);
    }

    /** One question answered: the answer text and the filenames its citations point at. */
    private ObjectNode ask(String kb, String question, boolean inProcess, OfflineAnswerer answerer) throws Exception {
        ObjectNode r = JSON.createObjectNode().put("question", question);
        ArrayNode cited = r.putArray("cited");
        if (inProcess) {
            ObjectNode body = JSON.createObjectNode().put("query", question).put("topK", OfflineAnswerer.PASSAGES);
            body.put("mode", "hybrid").putArray("knowledgeBaseIds").add(kb);
            if (!hitCache.has(question)) {
                hitCache.set(question, api.post("/api/v1/search", body).get("results"));
            }
            List<SearchHit> hits = new ArrayList<>();
            for (JsonNode h : hitCache.get(question)) {
                hits.add(JSON.treeToValue(h, SearchHit.class));
            }
            String answer = answerer.answer(question, hits);
            r.put("answer", answer)
                    .put("relevance", answerer.decide(question, hits).relevance());
            if (Boolean.getBoolean("quire.eval.debug")) {
                answerer.ranked(question, hits).stream().limit(6).forEach(q -> r.withArray("ranked")
                        .add(String.format(Locale.ROOT, "%.2f [%d] %s", q.score(), q.source(), q.text())));
            }
            Citations.validate(answer, hits).forEach(c -> cited.add(c.filename()));
        } else {
            ObjectNode body = JSON.createObjectNode().put("model", "quire:kb:" + kb);
            body.putArray("messages").addObject().put("role", "user").put("content", question);
            JsonNode a = api.post("/v1/chat/completions", body);
            r.put("answer", a.at("/choices/0/message/content").asText());
            a.at("/quire/citations").forEach(c -> cited.add(c.get("filename").asText()));
        }
        return r;
    }

    /** A knowledge base holding the dataset's documents, indexed: reused when a previous run completed it. */
    private String prepare(Path dir, JsonNode spec) throws Exception {
        Path state = GatewayClient.stateFile(dir, "answers");
        int documents = spec.get("documents").size();
        var saved = api.resume(state, AnswerEvalCli::log);
        if (saved.isPresent() && indexed(saved.get().kb()) >= documents) {
            log("reusing indexed knowledge base " + saved.get().kb());
            return saved.get().kb();
        }
        var login = api.signup("Answer evaluation", "pro", "eval-answers");
        String kb = api.createKnowledgeBase("answers " + dir.getFileName());
        for (JsonNode d : spec.get("documents")) {
            api.upload(
                    kb,
                    List.of(GatewayClient.Upload.of(dir.resolve(d.get("file").asText()))));
        }
        GatewayClient.save(state, Map.of("email", login.get("email"), "password", login.get("password"), "kb", kb));
        long start = System.currentTimeMillis();
        while (indexed(kb) < documents) {
            if (System.currentTimeMillis() - start > 15 * 60_000) {
                throw new IllegalStateException("documents not indexed after 15 minutes");
            }
            Thread.sleep(3_000);
        }
        log("indexed " + documents + " documents in " + (System.currentTimeMillis() - start) / 1000 + " s");
        return kb;
    }

    private long indexed(String kb) throws Exception {
        JsonNode counts = api.get("/api/v1/knowledge-bases/" + kb).path("statusCounts");
        if (counts.path("FAILED").asLong() > 0) {
            throw new IllegalStateException("a document failed to index: " + counts);
        }
        return counts.path("INDEXED").asLong();
    }

    private static void log(String s) {
        System.err.println("[eval-answers] " + s);
    }
}
