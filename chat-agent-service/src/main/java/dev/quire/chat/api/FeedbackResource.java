package dev.quire.chat.api;

import dev.quire.chat.store.ConversationOwner;
import dev.quire.chat.store.FeedbackStore;
import dev.quire.chat.store.FeedbackStore.Target;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code POST /api/v1/messages/{id}/feedback}: the conversation's owner rates an answer up or down, once (posting
 * again replaces the rating); a message outside the caller's own conversations is not found.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/messages/{id}/feedback")
@Authenticated
@RequiredArgsConstructor
public class FeedbackResource {
    /** Body of a rating. */
    public record Rate(
            @NotNull @Pattern(regexp = "up|down", message = "must be \"up\" or \"down\"") String rating,
            @Size(max = MAX_COMMENT) String comment) {}

    static final int MAX_COMMENT = 2000;

    private final FeedbackStore store;
    private final JsonWebToken jwt;

    @POST
    public Uni<Response> rate(@PathParam("id") String id, @NotNull @Valid Rate body) {
        var caller = Caller.from(jwt);
        UUID messageId = uuid(id);
        String comment = body.comment() == null || body.comment().isBlank()
                ? null
                : body.comment().strip();
        return store.rate(
                        caller.tenantId(), ConversationOwner.of(caller), messageId, body.rating(), comment, target -> {
                            if (target == Target.MISSING) {
                                throw ApiException.notFound("message");
                            }
                            caller.require(Role.MEMBER, Scope.CHAT);
                            if (target == Target.USER_MESSAGE) {
                                throw ApiException.validation("only assistant messages can be rated");
                            }
                        })
                .map(saved -> Response.status(saved.created() ? 201 : 200)
                        .entity(saved.feedback())
                        .build());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("message"); // a malformed id names no message
        }
    }
}
