package dev.quire.chat.api;

import dev.quire.chat.store.ConversationStore;
import dev.quire.contracts.api.Page;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A user's conversations; someone else's is not found. */
@Path("/api/v1/conversations")
@Authenticated
public class ConversationResource {
    /** Body of a create. */
    public record CreateConversation(String title, List<UUID> knowledgeBaseIds) {}

    private final ConversationStore store;
    private final JsonWebToken jwt;

    public ConversationResource(ConversationStore store, JsonWebToken jwt) {
        this.store = store;
        this.jwt = jwt;
    }

    @GET
    public Page<ConversationStore.Conversation> list(@QueryParam("limit") Integer limit) {
        var caller = Caller.from(jwt);
        int n = limit == null ? 50 : Math.max(1, Math.min(200, limit));
        return Page.of(store.list(caller.tenantId(), caller.userId(), n));
    }

    @POST
    public Response create(CreateConversation req) {
        var caller = Caller.from(jwt);
        String title = req == null || req.title() == null || req.title().isBlank() ? "New conversation" : req.title();
        if (title.length() > 200) {
            throw ApiException.validation("title is longer than 200 characters");
        }
        List<UUID> kbs = req == null || req.knowledgeBaseIds() == null ? List.of() : req.knowledgeBaseIds();
        return Response.status(201)
                .entity(store.create(caller.tenantId(), caller.userId(), title, kbs))
                .build();
    }

    @GET
    @Path("{id}")
    public ConversationStore.Thread get(@PathParam("id") UUID id) {
        var caller = Caller.from(jwt);
        return store.thread(caller.tenantId(), caller.userId(), id)
                .orElseThrow(() -> ApiException.notFound("conversation"));
    }
}
