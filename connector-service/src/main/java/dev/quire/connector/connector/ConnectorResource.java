package dev.quire.connector.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.contracts.Claims;
import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** {@code /api/v1/connectors}: admins and owners manage connectors; members read them and their runs. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/connectors")
@Authenticated
@RequiredArgsConstructor
public class ConnectorResource {
    private static final int MAX_RUNS = 50;
    private static final int MAX_ERRORS = 1000;

    private final ConnectorService service;
    private final JsonWebToken jwt;

    @GET
    public Page<ConnectorService.View> list() {
        return Page.of(service.list(reader()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @RequestBody(content = @Content(schema = @Schema(implementation = ConnectorBodies.NewConnector.class)))
                    JsonNode body,
            @Context HttpServerRequest http) {
        var view = service.create(manager(), jwt.getRawToken(), maxConnectors(), ClientIp.of(http), body);
        return Response.status(201).entity(view).build();
    }

    @GET
    @Path("/{id}")
    public ConnectorService.View get(@PathParam("id") UUID id) {
        return service.get(reader(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ConnectorService.View update(
            @PathParam("id") UUID id,
            @RequestBody(content = @Content(schema = @Schema(implementation = ConnectorBodies.ConnectorChange.class)))
                    JsonNode body,
            @Context HttpServerRequest http) {
        return service.update(manager(), ClientIp.of(http), id, body);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(
            @PathParam("id") UUID id,
            @QueryParam("deleteDocuments") String deleteDocuments,
            @Context HttpServerRequest http) {
        service.delete(manager(), ClientIp.of(http), id, flag(deleteDocuments, "deleteDocuments"));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/sync")
    public Response sync(@PathParam("id") UUID id, @QueryParam("full") String full, @Context HttpServerRequest http) {
        UUID run = service.sync(manager(), ClientIp.of(http), id, flag(full, "full"));
        return Response.accepted(Map.of("runId", run)).build();
    }

    @GET
    @Path("/{id}/runs")
    public Page<dev.quire.connector.sync.RunStore.Run> runs(@PathParam("id") UUID id) {
        return Page.of(service.runs(reader(), id, MAX_RUNS));
    }

    @POST
    @Path("/{id}/runs/{runId}/cancel")
    public dev.quire.connector.sync.RunStore.Run cancel(
            @PathParam("id") UUID id, @PathParam("runId") UUID runId, @Context HttpServerRequest http) {
        return service.cancel(manager(), ClientIp.of(http), id, runId);
    }

    @GET
    @Path("/{id}/runs/{runId}/errors")
    public Page<dev.quire.connector.sync.RunStore.ItemError> errors(
            @PathParam("id") UUID id, @PathParam("runId") UUID runId) {
        return Page.of(service.errors(reader(), id, runId, MAX_ERRORS));
    }

    private Caller reader() {
        Caller c = Caller.from(jwt);
        c.require(Role.MEMBER, Scope.READ);
        return c;
    }

    private Caller manager() {
        Caller c = Caller.from(jwt);
        c.require(Role.ADMIN, Scope.ADMIN);
        return c;
    }

    /** The plan's connector limit from the gateway's signed token; absent (a call inside the cluster): none. */
    private Integer maxConnectors() {
        Object v = jwt.getClaim(Claims.MAX_CONNECTORS);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.toString().replace("\"", "").strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean flag(String v, String name) {
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiException.validation(name + " must be true or false");
    }
}
