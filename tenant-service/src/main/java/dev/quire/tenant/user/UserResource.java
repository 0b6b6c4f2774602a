package dev.quire.tenant.user;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.PageSize;
import dev.quire.tenant.api.Paging;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.Callers;
import dev.quire.tenant.auth.Roles;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** The tenant's users, for its admins (API keys need the admin scope). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/users")
@Authenticated
@RequiredArgsConstructor
public class UserResource {
    /** Body of a user creation; without a password the user is invited. */
    public record CreateUser(String email, String role, String password) {}

    /** Body of a user change. */
    public record PatchUser(@NotNull String role) {}

    private final UserService users;
    private final Callers callers;

    @GET
    public Page<Views.User> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        var caller = admin();
        int n = PageSize.of(limit, 50);
        var key = Paging.cursor(cursor);
        var rows = users.list(caller, key == null ? null : key.time(), key == null ? null : key.id(), n + 1);
        return Paging.page(rows, n, u -> new Paging.Key(u.createdAt, u.id), u -> Views.User.of(u, null));
    }

    @GET
    @Path("{id}")
    public Views.User get(@PathParam("id") UUID id) {
        users.get(callers.current(), id); // another tenant's user is 404 whatever the role, before any 403
        return Views.User.of(users.get(admin(), id), null);
    }

    @POST
    public Response create(@NotNull @Valid CreateUser req) {
        var caller = admin();
        var created = users.create(caller, req.email(), req.role(), req.password());
        return Response.status(201)
                .entity(Views.User.of(created.user(), created.invitationToken()))
                .build();
    }

    @PATCH
    @Path("{id}")
    public Views.User patch(@PathParam("id") UUID id, @NotNull @Valid PatchUser req) {
        users.get(callers.current(), id); // another tenant's user is 404 whatever the role, before any 403
        var caller = admin();
        return Views.User.of(users.changeRole(caller, id, req.role()), null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        users.get(callers.current(), id); // another tenant's user is 404 whatever the role, before any 403
        users.delete(admin(), id);
        return Response.noContent().build();
    }

    private Caller admin() {
        // a key restricted to knowledge bases is no admin of the tenant's people, whatever its scopes
        return callers.current().require(Roles.ADMIN, "admin").requireTenantWide();
    }
}
