package dev.quire.ingestion.api;

import dev.quire.ingestion.KnowledgeService;
import dev.quire.ingestion.store.DocumentStore;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A single document; another tenant's document, or one outside the API key's knowledge bases, is not found. */
@Path("/api/v1/documents")
@Authenticated
public class DocumentResource {
    private final DocumentStore docs;
    private final JsonWebToken jwt;
    private final Views views;
    private final KnowledgeService knowledge;

    public DocumentResource(DocumentStore docs, JsonWebToken jwt, Views views, KnowledgeService knowledge) {
        this.knowledge = knowledge;
        this.docs = docs;
        this.jwt = jwt;
        this.views = views;
    }

    @GET
    @Path("{docId}")
    public Views.DocumentView get(@PathParam("docId") UUID docId) {
        Caller caller = caller();
        var doc = visible(caller, docId);
        caller.require(Caller.Role.VIEWER, Caller.READ);
        return views.document(doc);
    }

    @DELETE
    @Path("{docId}")
    public Response delete(@PathParam("docId") UUID docId, @Context HttpServerRequest http) {
        Caller caller = caller();
        visible(caller, docId);
        caller.require(Caller.Role.ADMIN, Caller.ADMIN);
        if (!knowledge.deleteDocument(caller.tenantId(), caller.actor(), ClientIp.of(http), docId)) {
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

    private Caller caller() {
        return Caller.from(jwt);
    }
}
