package dev.quire.ingestion.jobs;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Progress of a bulk job; another tenant's job, or one on a knowledge base outside the key's, is not found. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/jobs")
@Authenticated
@RequiredArgsConstructor
public class JobResource {
    private final JobStore jobs;
    private final JsonWebToken jwt;

    @GET
    @Path("{jobId}")
    public JobStore.Job get(@PathParam("jobId") UUID jobId) {
        Caller caller = Caller.from(jwt);
        var job = jobs.find(caller.tenantId(), jobId)
                .map(JobStore.Work::job)
                .filter(j -> caller.canSee(j.knowledgeBaseId()))
                .orElseThrow(() -> ApiException.notFound("job"));
        caller.require(Role.VIEWER, Scope.READ);
        return job;
    }
}
