package dev.quire.chat;

import static dev.quire.chat.FakeHttp.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI-compatible model that speaks the real streaming protocol ({@code chat.completion.chunk} SSE,
 * {@code tool_calls} deltas, a usage chunk, {@code data: [DONE]}) and obeys any instruction it reads. Its policy:
 * with tools offered and no tool result yet it calls {@code search_knowledge_base} with the question; after a tool
 * result it first obeys instructions found there ("call tool X", "fetch URL", "print the other tenant's data from
 * knowledge base ID") and then answers from the passages, citing [1] (and [7] when the question says "[cite7]",
 * streaming slowly when it says "[slow]"). The same server stands in for ingestion-service's knowledge-base list
 * ({@code PUT /_kbs/{tenantId}} seeds it) and serves a canary host that counts every request it gets.
 */
public class FakeLlm implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL = Pattern.compile("call tool (\\w+)");
    private static final Pattern FETCH = Pattern.compile("fetch (https?://\\S+)");
    private static final Pattern FOREIGN = Pattern.compile("other tenant's data from knowledge base ([0-9a-f-]{36})");
    private static final Pattern SOURCE = Pattern.compile("^\\[(\\d+)] documentId=\\S+ file=.*$", Pattern.MULTILINE);

    /** Every request body the model got. */
    static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();
    /** Requests for a conversation title (kept apart, so tests counting answer requests are not disturbed). */
    static final List<JsonNode> TITLE_REQUESTS = new CopyOnWriteArrayList<>();
    /** The title this model gives every conversation. */
    static final String TITLE = "Hotel cap question";
    /** Streams whose client went away before the end (a write failed). */
    static final AtomicInteger CLOSED = new AtomicInteger();
    /** Questions whose first request was dropped ("[drop-once]": closed before any answer, then answered). */
    static final java.util.Set<String> DROPPED = ConcurrentHashMap.newKeySet();
    /** Requests closed before any answer ("[drop-once]" the first time, "[drop-always]" every time). */
    static final AtomicInteger DROPS = new AtomicInteger();
    /** Requests the canary host got. */
    static final AtomicInteger CANARY = new AtomicInteger();

    /** This server's base URL once started. */
    static volatile String base;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = FakeHttp.start(50, Executors.newCachedThreadPool(), this::handle);
        base = FakeHttp.url(server);
        return Map.of(
                "quire.chat.llm-base-url",
                base + "/v1",
                "quire.chat.llm-model",
                "fake-gpt",
                "quarkus.rest-client.ingestion.url",
                base);
    }

    @Override
    public void stop() {
        FakeHttp.stop(server);
    }

    /** The canary's URL on this server. */
    static String canary() {
        return base + "/canary";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/canary")) {
                CANARY.incrementAndGet();
                reply(ex, 200, "{}");
            } else if (path.startsWith("/_kbs/")) {
                FakeIngestion.list(path.substring("/_kbs/".length()), JSON.readTree(body));
                reply(ex, 204, null);
            } else if (FakeIngestion.handle(ex, path)) {
                return;
            } else if (path.equals("/v1/chat/completions")) {
                JsonNode req = JSON.readTree(body);
                if (req.path("messages").path(0).path("content").asText().startsWith("Write a title")) {
                    TITLE_REQUESTS.add(req);
                    title(ex);
                    return;
                }
                REQUESTS.add(req);
                complete(ex, req);
            } else {
                reply(ex, 404, "{}");
            }
        }
    }

    private void complete(HttpExchange ex, JsonNode req) throws IOException {
        ArrayNode messages = (ArrayNode) req.get("messages");
        String question = "";
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("user")) {
                question = m.path("content").asText();
            }
        }
        if (question.contains("[drop-always]") || question.contains("[drop-once]") && DROPPED.add(question)) {
            // the connection closes before a status line: what a client sees when the server closes a pooled
            // keep-alive connection just as a request goes out on it (the exchange closes without a response)
            DROPS.incrementAndGet();
            return;
        }
        boolean tools = req.path("tools").isArray() && !req.get("tools").isEmpty();
        String toolText = toolResults(messages);
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            if (tools && toolText == null) {
                toolCalls(out, List.<String[]>of(new String[] {"search_knowledge_base", json(Map.of("query", question))
                }));
            } else if (tools && !obeyed(messages) && !instructions(toolText).isEmpty()) {
                toolCalls(out, instructions(toolText));
            } else if (question.contains("[fail]")) {
                // a model that dies mid-answer: some content, then the stream ends without finish_reason or [DONE]
                chunk(out, delta(Map.of("content", "Partial answer ")), null);
                chunk(out, delta(Map.of("content", "before the failure")), null);
                return;
            } else {
                answer(out, question, toolText == null ? "" : toolText);
            }
            write(out, "data: [DONE]\n\n");
        } catch (IOException e) {
            CLOSED.incrementAndGet();
        }
    }

    private void title(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        chunk(out, delta(Map.of("content", "\"" + TITLE + ".\"")), null);
        chunk(out, delta(Map.of()), "stop");
        write(out, "data: [DONE]\n\n");
    }

    /** All tool results so far, or null when there is none. */
    private static String toolResults(ArrayNode messages) {
        StringBuilder sb = null;
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("tool")) {
                sb = sb == null ? new StringBuilder() : sb;
                sb.append(m.path("content").asText()).append('\n');
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Whether the model already made a round of calls after the first search (it obeys once). */
    private static boolean obeyed(ArrayNode messages) {
        int rounds = 0;
        for (JsonNode m : messages) {
            if (m.has("tool_calls")) {
                rounds++;
            }
        }
        return rounds > 1;
    }

    /** The tool calls the instructions in retrieved text ask for. */
    private static List<String[]> instructions(String text) {
        List<String[]> calls = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            calls.add(new String[] {m.group(1), "{}"});
        }
        m = FETCH.matcher(text);
        while (m.find()) {
            calls.add(new String[] {"fetch_url", json(Map.of("url", m.group(1)))});
        }
        m = FOREIGN.matcher(text);
        while (m.find()) {
            calls.add(new String[] {
                "search_knowledge_base",
                json(Map.of("query", "all data", "knowledgeBaseIds", List.of(m.group(1)), "tenantId", "other"))
            });
        }
        return calls;
    }

    private static void toolCalls(OutputStream out, List<String[]> calls) throws IOException {
        for (int i = 0; i < calls.size(); i++) {
            String[] call = calls.get(i);
            String args = call[1];
            int half = args.length() / 2;
            // the real protocol: id and name first, then the arguments in pieces
            chunk(
                    out,
                    delta(Map.of(
                            "tool_calls",
                            List.of(Map.of(
                                    "index",
                                    i,
                                    "id",
                                    "call_" + i,
                                    "type",
                                    "function",
                                    "function",
                                    Map.of("name", call[0], "arguments", args.substring(0, half)))))),
                    null);
            chunk(
                    out,
                    delta(Map.of(
                            "tool_calls",
                            List.of(Map.of("index", i, "function", Map.of("arguments", args.substring(half)))))),
                    null);
        }
        chunk(out, delta(Map.of()), "tool_calls");
        usage(out, 100, 20);
    }

    private static void answer(OutputStream out, String question, String toolText) throws IOException {
        var sb = new StringBuilder();
        Matcher sources = SOURCE.matcher(toolText);
        int n = 0;
        while (sources.find()) {
            n++;
        }
        if (n == 0) {
            sb.append("I could not find it in the documents.");
        } else {
            String first = toolText.substring(toolText.indexOf('\n', toolText.indexOf("[1] documentId=")) + 1);
            first = first.substring(0, first.indexOf('\n')).strip();
            sb.append("According to the documents: ").append(first).append(" [1]");
            if (question.contains("[cite7]")) {
                sb.append(" and more [7]");
            }
            sb.append('.');
            Matcher fetch = FETCH.matcher(toolText);
            if (fetch.find()) {
                sb.append(" ![status](")
                        .append(fetch.group(1))
                        .append("?d=secret) [details](")
                        .append(fetch.group(1))
                        .append(")");
            }
        }
        if (question.contains("[slow]")) {
            sb.append(" more".repeat(200));
        }
        for (String word : sb.toString().split("(?<=\\s)(?=\\S)")) {
            chunk(out, delta(Map.of("content", word)), null);
            if (question.contains("[slow]")) {
                sleep(50);
            }
        }
        chunk(out, delta(Map.of()), "stop");
        usage(out, 200, sb.length() / 4);
    }

    private static Map<String, Object> delta(Map<String, Object> delta) {
        return delta;
    }

    private static void chunk(OutputStream out, Map<String, Object> delta, String finish) throws IOException {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-fake");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1);
        chunk.put("model", "fake-gpt");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", JSON.valueToTree(delta));
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        write(out, "data: " + chunk + "\n\n");
    }

    private static void usage(OutputStream out, int prompt, int completion) throws IOException {
        write(
                out,
                "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"fake-gpt\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                        + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                        + "}}\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
