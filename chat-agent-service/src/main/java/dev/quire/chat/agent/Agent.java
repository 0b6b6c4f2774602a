package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.cache.AnswerCache;
import dev.quire.chat.cache.CacheGate;
import dev.quire.chat.cache.QuestionEmbedder;
import dev.quire.chat.config.ChatConfig;
import dev.quire.chat.memory.MemoryId;
import dev.quire.chat.memory.TokenWindowMemory;
import dev.quire.chat.store.ConversationEntity;
import dev.quire.chat.store.ConversationStore;
import dev.quire.chat.store.ConversationStore.Conversation;
import dev.quire.contracts.Topics;
import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.chat.Citation;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.contracts.chat.ServerFrame.Usage;
import dev.quire.contracts.events.UsageRecorded;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import dev.quire.platform.db.ReactiveTenantTx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Answers one turn: check who may ask about what, search the caller's knowledge, generate with numbered citations
 * (LLM or offline) within the turn's token reservation, check the citations, persist the answer together with its
 * usage event, and stream every step as frames.
 * One class because a turn's steps share one frame sink, one {@link LinkGuard} and one token reservation, and
 * whichever step fails, what was already spent must still be stored with its usage event and the stream end with
 * exactly one error or done frame: the sequence is the unit.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Agent {
    private static final Logger LOG = Logger.getLogger(Agent.class);

    private final ConversationStore store;
    private final Retriever retriever;
    private final Generator generator;
    private final ToolAgent toolAgent;
    private final ChatConfig config;
    private final TokenWindowMemory memory;
    private final Titler titler;
    private final CacheGate cache;
    private final KnowledgeBaseCheck knowledgeBaseCheck;

    /**
     * A turn that passed its checks: its conversation (created if the turn named none), the id its answer will get,
     * the knowledge bases to search ({@code null}: all the caller may read), and whether the conversation may get a
     * model-written title after this exchange (not for the one-shot conversations of {@code /v1}).
     */
    public record Prepared(
            Conversation conversation,
            UUID messageId,
            List<UUID> knowledgeBaseIds,
            boolean modelTitle,
            ConversationEntity unsaved) {
        public Prepared withoutModelTitle() {
            return new Prepared(conversation, messageId, knowledgeBaseIds, false, unsaved);
        }
    }

    /** A finished answer. */
    public record Answer(
            UUID id,
            UUID conversationId,
            String role,
            String content,
            List<Citation> citations,
            @com.fasterxml.jackson.annotation.JsonInclude(
                            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                    List<Integer> unsupportedCitations,
            String finishReason,
            Usage usage,
            Instant createdAt) {}

    /**
     * Checks a turn before anything streams or is stored: someone else's conversation is 404, a role or key without
     * chat is 403, a knowledge base outside the key's kb_ids, unknown or another tenant's is 404 (ingestion-service is
     * asked only for knowledge bases the conversation does not already keep: those were checked when it kept them).
     * Creates the conversation when the turn names none.
     */
    public Prepared prepare(Turn turn) {
        Caller caller = turn.caller();
        Conversation conv = null;
        if (turn.conversationId() != null) {
            conv = store.find(turn.tenantId(), turn.ownerId(), turn.conversationId())
                    .orElseThrow(() -> ApiException.notFound("conversation"));
        }
        caller.require(Role.MEMBER, Scope.CHAT);
        if (turn.maxTokens() != null && turn.maxTokens() < 1) {
            throw ApiException.validation("maxTokens must be at least 1");
        }
        if (turn.replaces() != null) {
            if (conv == null) {
                throw ApiException.validation("replaces needs a conversationId");
            }
            if (!store.inLastExchange(turn.tenantId(), conv.id(), turn.replaces())) {
                throw new ApiException(
                        409, "not_last_exchange", "only the conversation's last question or answer can be replaced");
            }
        }
        List<UUID> requested =
                turn.knowledgeBaseIds() != null && !turn.knowledgeBaseIds().isEmpty()
                        ? turn.knowledgeBaseIds()
                        : conv == null ? List.of() : conv.knowledgeBaseIds();
        List<UUID> kbs = knowledgeBases(caller, requested);
        if (conv == null || !conv.knowledgeBaseIds().containsAll(requested)) {
            knowledgeBaseCheck.requireOwn(caller, turn.bearerToken(), requested);
        }
        // a new conversation is stored by run(), with its first question, in one transaction
        ConversationEntity unsaved = conv == null
                ? ConversationStore.draft(
                        turn.tenantId(), turn.ownerId(), Titler.heuristic(turn.content()), List.of(), true)
                : null;
        return new Prepared(unsaved == null ? conv : unsaved.view(), UUID.randomUUID(), kbs, true, unsaved);
    }

    /** The knowledge bases a turn may search; any requested one outside the caller's kb_ids is not found. */
    public static List<UUID> knowledgeBases(Caller caller, List<UUID> requested) {
        for (UUID kb : requested) {
            if (!caller.canSee(kb)) {
                throw ApiException.notFound("knowledge base");
            }
        }
        if (!requested.isEmpty()) {
            return List.copyOf(requested);
        }
        return caller.kbIds() == null ? null : List.copyOf(caller.kbIds());
    }

    /** Streams the answer of a prepared turn; returns it, or null when the stream ended with an error frame. */
    public Answer run(Turn turn, Prepared prepared, FrameSink client, BooleanSupplier cancelled) {
        var conv = prepared.conversation();
        UUID messageId = prepared.messageId();
        // one transaction (with a new conversation's insert first): a replaced last exchange (regenerate / edit and
        // resend) goes, memory is read, the question is stored, in that order, so the window holds only earlier
        // messages and never the replaced ones
        boolean remember = turn.history().isEmpty() && turn.conversationId() != null;
        var stored = memory.start(
                new MemoryId(turn.tenantId(), turn.ownerId(), conv.id()),
                prepared.unsaved(),
                turn.replaces() != null,
                remember,
                turn.content());
        List<UUID> kbs = prepared.knowledgeBaseIds();
        // the answer-cache probe (the question's embedding, the cache lookup) runs while the question is stored,
        // unless the turn reads memory: then the probe depends on what the transaction reads, and waits for it
        CacheGate.Probe early = remember ? null : cache.probe(turn, kbs);
        var window = TokenWindowMemory.window(
                ReactiveTenantTx.join(stored), config.historyTokens(), Generator::estimateTokens);
        Turn withMemory = remember ? turn.withHistory(window) : turn;
        client.send(new ServerFrame.Conversation(conv.id(), messageId));
        client.step("analyzing", 0.1, "reading the question");
        Reservation reserved = turn.reservation() == null ? Reservation.NONE : turn.reservation();
        CacheGate.Probe probe = remember ? cache.probe(withMemory, kbs) : early;
        if (probe != null && probe.hit() != null) {
            return replay(turn, prepared, probe.hit(), client, reserved);
        }
        // retrieval reuses the probe's MiniLM embedding when the search is for the question itself
        QueryEmbedding question = probe == null ? null : new QueryEmbedding(QuestionEmbedder.MODEL, probe.vector());
        boolean[] charted = {false};
        FrameSink sink = frame -> {
            charted[0] |= frame instanceof ServerFrame.Chart; // a chart is not replayed: such answers are not kept
            client.send(frame);
        };
        int maxCompletion =
                Math.min(turn.maxTokens() == null ? config.maxTokens() : turn.maxTokens(), config.maxTokens());
        Reservation reservation = reserved;
        int budget = reservation.tokens() == null ? config.defaultReservationTokens() : reservation.tokens();
        // links and images to hosts outside the allow-list are neutralised before any token leaves
        var guard = new LinkGuard(
                config.allowedLinkHosts().orElse(List.of()), delta -> sink.send(new ServerFrame.Token(delta)));
        Generator.Generated generated;
        try {
            if (config.llmBaseUrl().isPresent()) {
                generated = toolAgent.answer(
                        withMemory, kbs, question, sink, guard::accept, maxCompletion, budget, cancelled);
            } else {
                generated = offline(withMemory, kbs, question, sink, guard::accept, maxCompletion, budget, cancelled);
                if (generated == null) {
                    return null;
                }
            }
        } catch (ToolAgent.Failed f) {
            // the model or a tool failed mid-answer: what was already spent is stored and recorded all the same
            LOG.warnf(
                    "answer failed after %d+%d tokens: %s",
                    f.partial.promptTokens(), f.partial.completionTokens(), f.getCause());
            if (f.partial.promptTokens() + f.partial.completionTokens() > 0) {
                guard.finish();
                var checked = Citations.check(guard.text(), f.partial.sources());
                persist(
                        turn,
                        conv.id(),
                        messageId,
                        Citations.repair(guard.text(), checked.unsupported()),
                        checked.items(),
                        "error",
                        new Usage(f.partial.promptTokens(), f.partial.completionTokens()),
                        reservation);
            }
            sink.send(
                    f.getCause() instanceof WebApplicationException w
                            ? searchError(w.getResponse().getStatus())
                            : new ServerFrame.Error(
                                    "upstream_unavailable", "the language model is unavailable, try again"));
            return null;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.warnf("search answered %d", status);
            sink.send(searchError(status));
            return null;
        } catch (RuntimeException e) {
            LOG.warnf("generation failed: %s", e.toString());
            sink.send(new ServerFrame.Error("upstream_unavailable", "the language model is unavailable, try again"));
            return null;
        }
        guard.finish();
        sink.step("validating", 0.9, "checking citations");
        var checked = Citations.check(guard.text(), generated.sources());
        var citations = checked.items();
        // unsupported numbers are flagged to the client, removed from the stored answer: never shown as checked
        sink.send(new ServerFrame.Citations(citations, checked.unsupported().isEmpty() ? null : checked.unsupported()));
        String text = Citations.repair(guard.text(), checked.unsupported());
        var usage = new Usage(generated.promptTokens(), generated.completionTokens());
        persist(turn, conv.id(), messageId, text, citations, generated.finishReason(), usage, reservation);
        sink.send(new ServerFrame.Done(messageId, usage, generated.finishReason()));
        if (checked.unsupported().isEmpty() && !charted[0]) {
            cache.remember(probe, turn.content(), text, citations, generated.finishReason());
        }
        if (prepared.modelTitle()) {
            titler.afterFirstExchangeAsync(turn.tenantId(), turn.ownerId(), conv.id(), turn.content());
        }
        return new Answer(
                messageId,
                conv.id(),
                "assistant",
                text,
                citations,
                checked.unsupported(),
                generated.finishReason(),
                usage,
                Instant.now());
    }

    /**
     * Answers from the cache: the stored answer's text and citations stream as the same frames a generated answer
     * sends (without search steps, none happened), stored in the conversation like any answer, with zero usage.
     */
    private Answer replay(
            Turn turn, Prepared prepared, AnswerCache.Entry hit, FrameSink sink, Reservation reservation) {
        UUID conversationId = prepared.conversation().id();
        sink.step("generating", 0.6, "answering");
        for (String word : hit.content().split("(?<=\\s)")) {
            if (!word.isEmpty()) {
                sink.send(new ServerFrame.Token(word));
            }
        }
        sink.step("validating", 0.9, "checking citations");
        List<Citation> citations = hit.citations() == null ? List.of() : hit.citations();
        sink.send(new ServerFrame.Citations(citations, null));
        var usage = new Usage(0, 0); // nothing was spent: the reservation settles at zero
        persist(
                turn,
                conversationId,
                prepared.messageId(),
                hit.content(),
                citations,
                hit.finishReason(),
                usage,
                reservation);
        sink.send(new ServerFrame.Done(prepared.messageId(), usage, hit.finishReason()));
        if (prepared.modelTitle()) {
            titler.afterFirstExchangeAsync(turn.tenantId(), turn.ownerId(), conversationId, turn.content());
        }
        return new Answer(
                prepared.messageId(),
                conversationId,
                "assistant",
                hit.content(),
                citations,
                List.of(),
                hit.finishReason(),
                usage,
                Instant.now());
    }

    /** Stores the answer with what it spent; its usage.recorded event commits in the same transaction. */
    private void persist(
            Turn turn,
            UUID conversationId,
            UUID messageId,
            String text,
            List<Citation> citations,
            String finishReason,
            Usage usage,
            Reservation reservation) {
        var event = new UsageRecorded(
                UUID.randomUUID(),
                turn.tenantId(),
                Instant.now(),
                turn.userId(),
                conversationId,
                generator.model(),
                usage.promptTokens(),
                usage.completionTokens(),
                reservation.id());
        store.addAnswer(
                turn.tenantId(),
                conversationId,
                messageId,
                text,
                citations,
                finishReason,
                usage.promptTokens(),
                usage.completionTokens(),
                generator.model(),
                reservation.id(),
                new ConversationStore.Outgoing(
                        Topics.USAGE_RECORDED, turn.tenantId().toString(), event));
    }

    /**
     * The path without a model: search once with the question (a follow-up made standalone from the conversation's
     * previous question, see {@link FollowUp}), then the extractive answerer; null after an error.
     */
    private Generator.Generated offline(
            Turn turn,
            List<UUID> kbs,
            QueryEmbedding question,
            FrameSink sink,
            java.util.function.Consumer<String> onToken,
            int maxCompletion,
            int budget,
            BooleanSupplier cancelled) {
        String query = KnowledgeTools.capped(FollowUp.standalone(turn.content(), turn.history()));
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("query", query);
        var ids = arguments.putArray("knowledgeBaseIds");
        (kbs == null ? List.<UUID>of() : kbs).forEach(k -> ids.add(k.toString()));
        sink.send(new ServerFrame.ToolCall("search_knowledge_base", arguments));
        sink.step("searching", 0.3, "searching your knowledge bases");
        List<SearchHit> hits;
        try {
            hits = retriever.search(
                    turn.bearerToken(),
                    query,
                    kbs,
                    OfflineAnswerer.PASSAGES,
                    query.equals(turn.content()) ? question : null);
        } catch (WebApplicationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("search failed: %s", e.getMessage());
            sink.send(new ServerFrame.Error("upstream_unavailable", "search is unavailable, try again"));
            return null;
        }
        sink.step("reading", 0.5, hits.size() + " passages found");
        sink.step("generating", 0.6, generator.describe());
        return generator.generate(query, hits, maxCompletion, budget, onToken, cancelled);
    }

    private static ServerFrame.Error searchError(int status) {
        return switch (status) {
            case 401 -> new ServerFrame.Error("invalid_token", "the token is no longer valid");
            case 403 -> new ServerFrame.Error("forbidden", "searching needs the 'search' scope");
            case 404 -> new ServerFrame.Error("not_found", "knowledge base not found");
            case 429 -> new ServerFrame.Error("rate_limited", "search is rate limited, try again");
            default -> new ServerFrame.Error("upstream_unavailable", "search is unavailable, try again");
        };
    }
}
