package dev.quire.chat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.KnowledgeBaseCheck;
import dev.quire.chat.agent.Reservation;
import dev.quire.chat.agent.Turn;
import dev.quire.chat.store.ConversationOwner;
import dev.quire.chat.store.ConversationStore;
import dev.quire.contracts.Headers;
import dev.quire.contracts.Topics;
import dev.quire.contracts.api.Page;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A user's conversations and their messages. Someone else's conversation is not found; reading needs the read
 * scope, anything that writes needs member and the chat scope.
 * One class because every route is on {@code /api/v1/conversations} over the one {@link ConversationStore}, and
 * each route on an existing conversation starts with the same ownership check, so someone else's conversation is
 * 404 before any role is judged.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/conversations")
@Authenticated
@RequiredArgsConstructor
public class ConversationResource {
    /** Body of a create. */
    public record CreateConversation(@Size(max = 200) String title, List<UUID> knowledgeBaseIds) {}

    /** Body of a change; absent fields stay. */
    public record ChangeConversation(@Size(max = 200) String title, List<UUID> knowledgeBaseIds, Boolean pinned) {}

    /** Body of a posted message; {@code replaces} names a message of the last exchange, which it replaces. */
    public record PostMessage(String content, List<UUID> knowledgeBaseIds, Integer maxTokens, UUID replaces) {}

    /** Characters of a question at most on the REST routes (the OpenAI route: its messages in all). */
    static final int MAX_CONTENT = 32_000;

    private static final int MAX_QUERY = 200;

    private final ConversationStore store;
    private final Agent agent;
    private final JsonWebToken jwt;
    private final ObjectMapper json;
    private final KnowledgeBaseCheck knowledgeBases;

    /**
     * The caller's conversations, pinned first, then the most recently active. With {@code q}: only those whose title
     * or any message contains it (case-insensitive), each with a snippet of the newest matching message.
     */
    @GET
    public Uni<Page<ConversationStore.Conversation>> list(
            @QueryParam("limit") Integer limit, @QueryParam("q") @Size(max = MAX_QUERY) String q) {
        var caller = Caller.from(jwt);
        caller.require(Role.VIEWER, Scope.READ);
        int n = PageSize.of(limit, 50);
        if (q == null || q.isBlank()) {
            return store.list(caller.tenantId(), ConversationOwner.of(caller), n)
                    .map(Page::of);
        }
        return store.search(caller.tenantId(), ConversationOwner.of(caller), q.strip(), n)
                .map(Page::of);
    }

    @POST
    public Response create(@Valid CreateConversation req) {
        var caller = Caller.from(jwt);
        caller.require(Role.MEMBER, Scope.CHAT);
        boolean untitled = req == null || req.title() == null || req.title().isBlank();
        String title = untitled ? "New conversation" : req.title();
        List<UUID> kbs = req == null || req.knowledgeBaseIds() == null ? List.of() : req.knowledgeBaseIds();
        knowledgeBases.requireOwn(caller, jwt.getRawToken(), kbs); // another tenant's or unknown: 404
        return Response.status(201)
                .entity(store.create(caller.tenantId(), ConversationOwner.of(caller), title, kbs, untitled))
                .build();
    }

    @GET
    @Path("{id}")
    public Uni<ConversationStore.Thread> get(@PathParam("id") UUID id) {
        var caller = Caller.from(jwt);
        return store.thread(caller.tenantId(), ConversationOwner.of(caller), id).map(found -> {
            // someone else's conversation is 404 before any role is judged
            var thread = found.orElseThrow(() -> ApiException.notFound("conversation"));
            caller.require(Role.VIEWER, Scope.READ);
            return thread;
        });
    }

    @PATCH
    @Path("{id}")
    public ConversationStore.Conversation change(@PathParam("id") UUID id, @NotNull @Valid ChangeConversation req) {
        var caller = Caller.from(jwt);
        own(caller, id);
        caller.require(Role.MEMBER, Scope.CHAT);
        knowledgeBases.requireOwn(caller, jwt.getRawToken(), req.knowledgeBaseIds()); // another tenant's: 404
        String title = req.title() == null || req.title().isBlank() ? null : req.title();
        return store.update(
                        caller.tenantId(),
                        ConversationOwner.of(caller),
                        id,
                        title,
                        req.knowledgeBaseIds(),
                        req.pinned())
                .orElseThrow(() -> ApiException.notFound("conversation"));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        var caller = Caller.from(jwt);
        var audit = new ConversationStore.Outgoing(
                Topics.AUDIT_RECORDED,
                caller.tenantId().toString(),
                new AuditRecorded(
                        UUID.randomUUID(),
                        caller.tenantId(),
                        Instant.now(),
                        new AuditRecorded.Actor(caller.userId(), caller.apiKeyId()),
                        "conversation.delete",
                        "conversation",
                        id.toString(),
                        "success",
                        ClientIp.of(http),
                        null));
        return store.delete(
                        caller.tenantId(),
                        ConversationOwner.of(caller),
                        id,
                        () -> caller.require(Role.MEMBER, Scope.CHAT),
                        audit)
                .map(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("conversation");
                    }
                    return Response.noContent().build();
                });
    }

    /**
     * Answers one message. With {@code Accept: text/event-stream} the frames of the WebSocket protocol stream as
     * server-sent events; otherwise the finished assistant message is returned. Checks happen before anything
     * streams, so refusals are ordinary problem responses.
     */
    @POST
    @Path("{id}/messages")
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public Response message(
            @PathParam("id") UUID id,
            PostMessage req,
            @HeaderParam("Accept") String accept,
            @HeaderParam(Headers.RESERVATION_ID) String reservationId,
            @HeaderParam(Headers.RESERVATION_TOKENS) String reservedTokens,
            @Context HttpServerRequest http) {
        var caller = Caller.from(jwt);
        Reservation reservation;
        try {
            reservation = Reservation.of(reservationId, reservedTokens);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        String content = req == null ? null : req.content();
        var turn = new Turn(
                caller,
                jwt.getRawToken(),
                id,
                content,
                req == null ? null : req.knowledgeBaseIds(),
                req == null ? null : req.maxTokens(),
                reservation,
                List.of(),
                req == null ? null : req.replaces());
        var prepared = agent.prepare(turn); // 404 / 403 before the body is judged
        if (content == null || content.isBlank()) {
            throw ApiException.validation("content is required");
        }
        if (content.length() > MAX_CONTENT) {
            throw ApiException.validation("content is longer than " + MAX_CONTENT + " characters");
        }
        var response = http.response();
        if (accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS)) {
            StreamingOutput body = out -> {
                var sink = new SseSink(json, prepared.messageId().toString(), out);
                agent.run(turn, prepared, sink, () -> sink.broken() || response.closed());
            };
            return Answers.events(body);
        }
        var answer = Answers.whole(agent, turn, prepared, response::closed);
        return Response.ok(answer).type(MediaType.APPLICATION_JSON).build();
    }

    private void own(Caller caller, UUID id) {
        if (store.find(caller.tenantId(), ConversationOwner.of(caller), id).isEmpty()) {
            throw ApiException.notFound("conversation");
        }
    }
}
