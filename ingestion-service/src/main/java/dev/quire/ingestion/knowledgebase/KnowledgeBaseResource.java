package dev.quire.ingestion.knowledgebase;

import dev.quire.contracts.api.Page;
import dev.quire.ingestion.pipeline.Embedder;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import java.time.Instant;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Knowledge bases: create, list, read, change, delete (their documents: {@link KbDocumentsResource}). One class
 * because these are the routes of one JAX-RS resource on {@code /api/v1/knowledge-bases}, sharing the visibility
 * check (a knowledge base the caller may not see is 404 before any role check) and the create and patch validation.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/knowledge-bases")
@Authenticated
@RequiredArgsConstructor
public class KnowledgeBaseResource {
    /** Body of a create. */
    public record CreateKnowledgeBase(
            @NotBlank @Size(max = 200) String name,
            String description,
            String language,
            String embeddingModel,
            Integer dimension,
            KnowledgeBaseSettings.ChunkingBody chunking) {}

    /** Body of a PATCH: absent fields stay as they are; the embedding model cannot change. */
    public record PatchKnowledgeBase(
            @Size(max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            String description,
            String embeddingModel,
            Integer dimension,
            KnowledgeBaseSettings.ChunkingBody chunking) {}

    /** PostgreSQL's built-in text-search configurations: stemmer and stop words per language. */
    private static final java.util.Set<String> LANGUAGES = java.util.Set.of(
            "simple",
            "arabic",
            "armenian",
            "basque",
            "catalan",
            "danish",
            "dutch",
            "english",
            "finnish",
            "french",
            "german",
            "greek",
            "hindi",
            "hungarian",
            "indonesian",
            "irish",
            "italian",
            "lithuanian",
            "nepali",
            "norwegian",
            "portuguese",
            "romanian",
            "russian",
            "serbian",
            "spanish",
            "swedish",
            "tamil",
            "turkish",
            "yiddish");

    private final KnowledgeBaseStore kbs;
    private final KnowledgeBaseService knowledge;
    private final JsonWebToken jwt;
    private final KnowledgeBaseSettings settings;
    private final Embedder embedder;

    @POST
    public Response create(@NotNull @Valid CreateKnowledgeBase req, @Context HttpServerRequest http) {
        Caller caller = caller();
        caller.require(Role.ADMIN, Scope.ADMIN);
        caller.requireTenantWide();
        String language = req.language() == null ? "english" : req.language();
        if (!LANGUAGES.contains(language)) {
            throw ApiException.validation("language must be one of " + new java.util.TreeSet<>(LANGUAGES));
        }
        String model = settings.requireModel(req.embeddingModel(), req.dimension());
        var chunking = settings.chunking(req.chunking(), null, model);
        var kb = knowledge.createKnowledgeBase(
                caller.tenantId(),
                caller.actor(),
                ClientIp.of(http),
                new KnowledgeBaseService.NewKnowledgeBase(
                        req.name().strip(), req.description(), model, embedder.dimension(model), language, chunking));
        return Response.status(201).entity(kb).build();
    }

    @GET
    public Page<KnowledgeBaseStore.KnowledgeBase> list(
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Caller caller = caller();
        caller.require(Role.VIEWER, Scope.READ);
        int n = PageSize.of(limit, 50);
        Instant before;
        try {
            before = cursor == null
                    ? Instant.parse("9999-01-01T00:00:00Z")
                    : dev.quire.platform.api.Instants.bounded(
                            Instant.parse(cursor), "cursor is not one this API returned");
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.validation("cursor is not one this API returned");
        }
        var items = kbs.list(caller.tenantId(), n, before, caller.kbIds());
        String next = items.size() == n ? items.get(n - 1).createdAt().toString() : null;
        return new Page<>(items, next);
    }

    @GET
    @Path("{kbId}")
    public KnowledgeBaseStore.KnowledgeBase get(@PathParam("kbId") UUID kbId) {
        Caller caller = caller();
        var kb = visible(caller, kbId, Role.VIEWER, Scope.READ);
        return kb;
    }

    @PATCH
    @Path("{kbId}")
    public KnowledgeBaseStore.KnowledgeBase patch(
            @PathParam("kbId") UUID kbId, @NotNull @Valid PatchKnowledgeBase req, @Context HttpServerRequest http) {
        Caller caller = caller();
        var kb = visible(caller, kbId, Role.ADMIN, Scope.ADMIN);
        if ((req.embeddingModel() != null && !req.embeddingModel().equals(kb.embeddingModel()))
                || (req.dimension() != null && req.dimension() != kb.dimension())) {
            throw new ApiException(
                    409,
                    "embedding_model_immutable",
                    "a knowledge base keeps the embedding model it was created with; create a new one instead");
        }
        var chunking =
                req.chunking() == null ? null : settings.chunking(req.chunking(), kb.chunking(), kb.embeddingModel());
        String name = req.name() == null ? null : req.name().strip();
        if (!knowledge.updateKnowledgeBase(
                caller.tenantId(), caller.actor(), ClientIp.of(http), kbId, name, req.description(), chunking)) {
            throw ApiException.notFound("knowledge base");
        }
        return kbs.find(caller.tenantId(), kbId).orElseThrow(() -> ApiException.notFound("knowledge base"));
    }

    @DELETE
    @Path("{kbId}")
    public Response delete(@PathParam("kbId") UUID kbId, @Context HttpServerRequest http) {
        Caller caller = caller();
        visible(caller, kbId, Role.ADMIN, Scope.ADMIN);
        if (!knowledge.deleteKnowledgeBase(caller.tenantId(), caller.actor(), ClientIp.of(http), kbId)) {
            throw ApiException.notFound("knowledge base");
        }
        return Response.noContent().build();
    }

    private KnowledgeBaseStore.KnowledgeBase visible(Caller caller, UUID kbId) {
        return kbs.visibleTo(caller, kbId);
    }

    /** As {@link #visible(Caller, UUID)}, then the caller must hold the role and scope (403): a foreign knowledge base is 404 first. */
    private KnowledgeBaseStore.KnowledgeBase visible(Caller caller, UUID kbId, Role role, String scope) {
        var found = visible(caller, kbId);
        caller.require(role, scope);
        return found;
    }

    private Caller caller() {
        return Caller.from(jwt);
    }
}
