package dev.quire.ingestion.document;

import dev.quire.contracts.api.Page;
import dev.quire.ingestion.config.KnowledgeConfig;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A single document; another tenant's document, or one outside the API key's knowledge bases, is not found. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/documents")
@Authenticated
@RequiredArgsConstructor
public class DocumentResource {
    private final DocumentStore docs;
    private final DocumentQueries queries;
    private final JsonWebToken jwt;
    private final Views views;
    private final DocumentService actions;
    private final KnowledgeConfig config;

    @GET
    @Path("{docId}")
    public Views.DocumentView get(@PathParam("docId") UUID docId) {
        Caller caller = caller();
        var doc = visible(caller, docId, Role.VIEWER, Scope.READ);
        return views.document(doc);
    }

    /** The original bytes, always as an attachment that a browser neither renders nor sniffs. */
    @GET
    @Path("{docId}/content")
    @Produces(MediaType.WILDCARD) // the stored file's own type (content) or plain text (text), whatever is asked
    public Response content(@PathParam("docId") UUID docId) {
        Caller caller = caller();
        var doc = visible(caller, docId, Role.VIEWER, Scope.READ);
        byte[] bytes = docs.blob(caller.tenantId(), doc.blobId());
        if (bytes == null) {
            throw ApiException.notFound("document content");
        }
        return Response.ok(bytes)
                .type(Downloads.servedType(doc.contentType()))
                .header("Content-Disposition", Downloads.contentDisposition(doc.filename()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    /** The processing of each version (queued, processing, done, failed, with times and the last error). */
    @GET
    @Path("{docId}/versions")
    public Page<DocumentQueries.Version> versions(@PathParam("docId") UUID docId) {
        Caller caller = caller();
        visible(caller, docId, Role.VIEWER, Scope.READ);
        return Page.of(queries.versions(caller.tenantId(), docId));
    }

    /** The extracted text, cut at the preview cap; the headers say whether it was cut and how long it is. */
    @GET
    @Path("{docId}/text")
    @Produces(MediaType.WILDCARD) // the stored file's own type (content) or plain text (text), whatever is asked
    public Response text(@PathParam("docId") UUID docId) {
        Caller caller = caller();
        visible(caller, docId, Role.VIEWER, Scope.READ);
        var text = queries.text(caller.tenantId(), docId, config.textPreviewMaxChars())
                .orElseThrow(
                        () -> new ApiException(409, "conflict", "no text has been extracted from this document yet"));
        return Response.ok(text.text())
                .type("text/plain; charset=UTF-8")
                .header("X-Quire-Text-Length", text.length())
                .header("X-Quire-Text-Truncated", text.length() > text.text().length())
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @POST
    @Path("{docId}/reprocess")
    public Response reprocess(@PathParam("docId") UUID docId, @Context HttpServerRequest http) {
        Caller caller = caller();
        visible(caller, docId, Role.MEMBER, Scope.UPLOAD);
        var d = actions.reprocess(caller.tenantId(), caller.actor(), ClientIp.of(http), docId)
                .orElseThrow(() -> ApiException.notFound("document"));
        return Response.accepted(Map.of(
                        "id",
                        d.id(),
                        "version",
                        d.version(),
                        "status",
                        d.status().name()))
                .build();
    }

    @DELETE
    @Path("{docId}")
    public Response delete(@PathParam("docId") UUID docId, @Context HttpServerRequest http) {
        Caller caller = caller();
        visible(caller, docId, Role.ADMIN, Scope.ADMIN);
        if (!actions.deleteDocument(caller.tenantId(), caller.actor(), ClientIp.of(http), docId)) {
            throw ApiException.notFound("document");
        }
        return Response.accepted().build();
    }

    /** The document if it is the caller's tenant's and in a knowledge base the token may see; otherwise 404. */
    private DocumentStore.Document visible(Caller caller, UUID docId) {
        return docs.find(caller.tenantId(), docId)
                .filter(d -> caller.canSee(d.knowledgeBaseId()))
                .orElseThrow(() -> ApiException.notFound("document"));
    }

    /** As {@link #visible(Caller, UUID)}, then the caller must hold the role and scope (403): a foreign document is 404 first. */
    private DocumentStore.Document visible(Caller caller, UUID docId, Role role, String scope) {
        var found = visible(caller, docId);
        caller.require(role, scope);
        return found;
    }

    private Caller caller() {
        return Caller.from(jwt);
    }
}
