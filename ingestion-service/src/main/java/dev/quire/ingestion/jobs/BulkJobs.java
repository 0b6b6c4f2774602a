package dev.quire.ingestion.jobs;

import dev.quire.ingestion.document.Tags;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Accepts bulk requests: checks the action, the caller's right to it and the list, then queues a durable job. */
@ApplicationScoped
@RequiredArgsConstructor
public class BulkJobs {
    /** The body of {@code POST …/documents/bulk}. */
    public record Request(String action, List<String> documentIds, List<String> tags) {}

    public static final int MAX_DOCUMENTS = 1000;
    private static final Set<String> ACTIONS = Set.of("delete", "reprocess", "tag", "untag");

    private final JobStore jobs;

    /** Validates and queues; the role is checked for the action as a whole (delete: admin, others: member). */
    public UUID create(Caller caller, UUID kbId, Request req, String ip) {
        if (req == null || req.action() == null || !ACTIONS.contains(req.action())) {
            throw ApiException.validation("action must be one of delete, reprocess, tag, untag");
        }
        if ("delete".equals(req.action())) {
            caller.require(Role.ADMIN, Scope.ADMIN);
        } else {
            caller.require(Role.MEMBER, Scope.UPLOAD);
        }
        if (req.documentIds() == null
                || req.documentIds().isEmpty()
                || req.documentIds().size() > MAX_DOCUMENTS) {
            throw ApiException.validation("documentIds must hold 1 to " + MAX_DOCUMENTS + " ids");
        }
        var ids = new LinkedHashSet<UUID>();
        for (String s : req.documentIds()) {
            try {
                ids.add(UUID.fromString(s));
            } catch (RuntimeException e) {
                throw ApiException.validation("documentIds must be UUIDs");
            }
        }
        List<String> tags = List.of();
        if (req.action().equals("tag") || req.action().equals("untag")) {
            tags = Tags.normalize(req.tags());
            if (tags.isEmpty()) {
                throw ApiException.validation("tags are required for " + req.action());
            }
        }
        UUID id = UUID.randomUUID();
        jobs.insert(
                caller.tenantId(),
                id,
                kbId,
                req.action(),
                new ArrayList<>(ids),
                tags,
                caller.userId(),
                caller.apiKeyId(),
                ip);
        return id;
    }
}
