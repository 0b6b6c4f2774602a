package dev.quire.connector.staging;

import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.contracts.Headers;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.InternalSecret;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * {@code /internal/v1/staged/{tenantId}/{id}}: ingestion-service fetches (and then deletes) an item's staged bytes
 * with the internal secret; the gateway routes nothing under {@code /internal}. Without the secret: 401, and an
 * unknown id (or another tenant's) is 404.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/internal/v1/staged/{tenantId}/{id}")
@RequiredArgsConstructor
public class StagedResource {
    private final StagedStore store;
    private final ConnectorsConfig config;

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] get(
            @HeaderParam(Headers.INTERNAL_SECRET) String given,
            @PathParam("tenantId") UUID tenantId,
            @PathParam("id") UUID id) {
        guard(given);
        return store.get(tenantId, id).orElseThrow(() -> ApiException.notFound("staged content"));
    }

    @DELETE
    public Response delete(
            @HeaderParam(Headers.INTERNAL_SECRET) String given,
            @PathParam("tenantId") UUID tenantId,
            @PathParam("id") UUID id) {
        guard(given);
        store.delete(tenantId, id);
        return Response.noContent().build();
    }

    private void guard(String given) {
        InternalSecret.require(given, config.internalSecret());
    }
}
