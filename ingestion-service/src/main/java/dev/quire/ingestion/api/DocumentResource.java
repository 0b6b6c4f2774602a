package dev.quire.ingestion.api;

import dev.quire.ingestion.store.DocumentStore;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A single document; another tenant's document is simply not found. */
@Path("/api/v1/documents")
@Authenticated
public class DocumentResource {
    private final DocumentStore docs;
    private final JsonWebToken jwt;
    private final Views views;

    public DocumentResource(DocumentStore docs, JsonWebToken jwt, Views views) {
        this.docs = docs;
        this.jwt = jwt;
        this.views = views;
    }

    @GET
    @Path("{docId}")
    public Views.DocumentView get(@PathParam("docId") UUID docId) {
        return docs.find(caller().tenantId(), docId)
                .map(views::document)
                .orElseThrow(() -> ApiException.notFound("document"));
    }

    private Caller caller() {
        return Caller.from(jwt);
    }
}
