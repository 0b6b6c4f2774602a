package dev.quire.ingestion.document;

import dev.quire.contracts.api.Page;
import dev.quire.ingestion.jobs.BulkJobs;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseStore;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** A knowledge base's documents: upload, list, bulk actions (one document by id: {@link DocumentResource}). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/knowledge-bases/{kbId}/documents")
@Authenticated
@RequiredArgsConstructor
public class KbDocumentsResource {
    private final KnowledgeBaseStore kbs;
    private final Uploads uploads;
    private final JsonWebToken jwt;
    private final Views views;
    private final DocumentQueries queries;
    private final BulkJobs bulkJobs;

    /** Newest first; {@code status}, {@code tag} and {@code q} (filename substring) narrow; keyset cursor paging. */
    @GET
    public Page<Views.DocumentView> documents(
            @PathParam("kbId") UUID kbId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("status") String status,
            @QueryParam("tag") String tag,
            @QueryParam("q") @Size(max = 200) String q) {
        Caller caller = caller();
        kbs.visibleTo(caller, kbId);
        caller.require(Role.VIEWER, Scope.READ);
        if (status != null && !status.isEmpty()) {
            try {
                dev.quire.contracts.DocumentStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("unknown status " + status);
            }
        }
        int n = PageSize.of(limit, 50);
        var page = queries.list(
                caller.tenantId(),
                kbId,
                new DocumentQueries.Filter(blankToNull(status), blankToNull(tag), blankToNull(q)),
                n,
                blankToNull(cursor));
        return new Page<>(page.items().stream().map(views::document).toList(), page.nextCursor());
    }

    /** {@code {action: delete|reprocess|tag|untag, documentIds, tags?}} → 202 {@code {jobId}}, run in the background. */
    @POST
    @Path("bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bulk(@PathParam("kbId") UUID kbId, BulkJobs.Request req, @Context HttpServerRequest http) {
        Caller caller = caller();
        kbs.visibleTo(caller, kbId);
        UUID jobId = bulkJobs.create(caller, kbId, req, ClientIp.of(http));
        return Response.accepted(Map.of("jobId", jobId)).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Files one upload request may carry (the web app sends one a request). */
    static final int MAX_FILES = 50;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(
            @PathParam("kbId") UUID kbId,
            @RestForm("file") List<FileUpload> files,
            @RestForm("tags") String tags,
            @Context HttpServerRequest http)
            throws Exception {
        Caller caller = caller();
        var kb = kbs.visibleTo(caller, kbId);
        caller.require(Role.MEMBER, Scope.UPLOAD);
        if (files != null && files.size() > MAX_FILES) {
            // each request counts once against the tenant's rate: hundreds of documents in one would bypass it
            throw ApiException.validation("at most " + MAX_FILES + " files per request; send the others in more");
        }
        var received = new ArrayList<Uploads.Upload>();
        for (FileUpload f : files == null ? List.<FileUpload>of() : files) {
            received.add(new Uploads.Upload(f.fileName(), Files.readAllBytes(f.uploadedFile())));
        }
        List<String> tagList =
                tags == null || tags.isBlank() ? List.of() : Tags.normalize(Arrays.asList(tags.split(",")));
        var accepted = uploads.accept(
                caller.tenantId(), caller.actor(), ClientIp.of(http), kb, received, tagList, StorageQuota.of(jwt));
        return Response.accepted(Page.of(accepted)).build();
    }

    private Caller caller() {
        return Caller.from(jwt);
    }
}
