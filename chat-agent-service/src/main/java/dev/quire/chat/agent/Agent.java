package dev.quire.chat.agent;

import dev.quire.chat.config.ChatConfig;
import dev.quire.chat.store.ConversationStore;
import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Answers one turn: search the caller's knowledge, generate with numbered citations (LLM or offline), check the
 * citations, persist, and stream every step as frames.
 */
@ApplicationScoped
public class Agent {
    private static final Logger LOG = Logger.getLogger(Agent.class);

    private final ConversationStore store;
    private final Retriever retriever;
    private final Generator generator;
    private final ChatConfig config;

    public Agent(ConversationStore store, Retriever retriever, Generator generator, ChatConfig config) {
        this.store = store;
        this.retriever = retriever;
        this.generator = generator;
        this.config = config;
    }

    /** Usage as the done frame reports it. */
    public record Usage(int promptTokens, int completionTokens) {}

    public void run(Turn turn, FrameSink sink, BooleanSupplier cancelled) {
        var conv = turn.conversationId() == null
                ? store.create(turn.tenantId(), turn.userId(), title(turn.content()), List.of())
                : store.find(turn.tenantId(), turn.userId(), turn.conversationId())
                        .orElse(null);
        if (conv == null) {
            sink.send("error", Map.of("code", "not_found", "message", "conversation not found"));
            return;
        }
        UUID messageId = UUID.randomUUID();
        store.addMessage(turn.tenantId(), conv.id(), UUID.randomUUID(), "user", turn.content(), List.of(), null, 0, 0);
        sink.send("conversation", Map.of("conversationId", conv.id(), "messageId", messageId));
        sink.step("analyzing", 0.1, "reading the question");
        List<UUID> kbs =
                turn.knowledgeBaseIds() != null && !turn.knowledgeBaseIds().isEmpty()
                        ? turn.knowledgeBaseIds()
                        : conv.knowledgeBaseIds();
        sink.send(
                "tool_call",
                Map.of(
                        "name",
                        "search_knowledge_base",
                        "arguments",
                        Map.of("query", turn.content(), "knowledgeBaseIds", kbs)));
        sink.step("searching", 0.3, "searching your knowledge bases");
        List<SearchHit> hits;
        try {
            hits = retriever.search(turn.bearerToken(), turn.content(), kbs);
        } catch (RuntimeException e) {
            LOG.warnf("search failed: %s", e.getMessage());
            sink.send("error", Map.of("code", "upstream_unavailable", "message", "search is unavailable, try again"));
            return;
        }
        sink.step("reading", 0.5, hits.size() + " passages found");
        sink.step("generating", 0.6, generator.describe());
        int budget = Math.min(turn.maxTokens() == null ? config.maxTokens() : turn.maxTokens(), config.maxTokens());
        var generated = generator.generate(
                turn.content(), hits, budget, delta -> sink.send("token", Map.of("delta", delta)), cancelled);
        sink.step("validating", 0.9, "checking citations");
        var citations = Citations.validate(generated.text(), hits);
        sink.send("citations", Map.of("items", citations));
        var usage = new Usage(generated.promptTokens(), generated.completionTokens());
        store.addMessage(
                turn.tenantId(),
                conv.id(),
                messageId,
                "assistant",
                generated.text(),
                citations,
                generated.finishReason(),
                usage.promptTokens(),
                usage.completionTokens());
        sink.send("done", Map.of("messageId", messageId, "usage", usage, "finishReason", generated.finishReason()));
    }

    private static String title(String content) {
        String t = content.strip().replaceAll("\\s+", " ");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
