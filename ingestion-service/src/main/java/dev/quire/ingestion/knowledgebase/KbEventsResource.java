package dev.quire.ingestion.knowledgebase;

import dev.quire.ingestion.config.KnowledgeConfig;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code text/event-stream} of a knowledge base's document status changes: {@code event: <type>}, {@code id: <seq>},
 * {@code data: <JSON with type>}; {@code Last-Event-ID} resumes from this replica's buffer, or starts with a
 * {@code reset} event when the missed events are no longer known (the client then reloads the list).
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/knowledge-bases/{kbId}/events")
@Authenticated
@RequiredArgsConstructor
public class KbEventsResource {
    private static final Set<String> TOKEN_PARAMS = Set.of("access_token", "token", "jwt", "bearer", "auth");

    private final KnowledgeBaseStore kbs;
    private final KbEventHub hub;
    private final JsonWebToken jwt;
    private final KnowledgeConfig config;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(
            @PathParam("kbId") UUID kbId,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context UriInfo uri,
            @Context Sse sse) {
        for (String p : uri.getQueryParameters().keySet()) {
            if (TOKEN_PARAMS.contains(p.toLowerCase(java.util.Locale.ROOT))) {
                throw new ApiException(
                        400,
                        "validation_failed",
                        "tokens in the query string are refused; use the Authorization header");
            }
        }
        Caller caller = Caller.from(jwt);
        kbs.visibleTo(caller, kbId);
        caller.require(Role.VIEWER, Scope.READ);
        Long last = parse(lastEventId);
        UUID tenant = caller.tenantId();
        OutboundSseEvent end = sse.newEventBuilder().comment("end").build(); // marks the shutdown's end, never sent
        Multi<OutboundSseEvent> events = Multi.createFrom().emitter(em -> {
            Consumer<KbEventHub.Frame> listener = f -> em.emit(event(sse, f));
            Runnable forget = hub.endOnShutdown(() -> em.emit(end));
            em.onTermination(() -> {
                forget.run();
                hub.unsubscribe(tenant, kbId, listener);
            });
            var replay = hub.subscribe(tenant, kbId, last, listener);
            if (replay.gap()) {
                em.emit(sse.newEventBuilder()
                        .name("reset")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data("{\"type\":\"reset\",\"reason\":\"events after Last-Event-ID are no longer known\"}")
                        .build());
            }
            replay.frames().forEach(f -> em.emit(event(sse, f)));
        });
        Multi<OutboundSseEvent> beats = Multi.createFrom()
                .ticks()
                .every(config.eventsHeartbeat())
                .map(t -> sse.newEventBuilder().comment("heartbeat").build());
        // the heartbeats never end: the merged stream ends at the shutdown's marker
        return Multi.createBy().merging().streams(events, beats).select().first(e -> e != end);
    }

    private static OutboundSseEvent event(Sse sse, KbEventHub.Frame f) {
        return sse.newEventBuilder()
                .name(f.type())
                .id(Long.toString(f.seq()))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(f.json())
                .build();
    }

    private static Long parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return -1L; // unknown to this replica: the stream starts with reset
        }
    }
}
