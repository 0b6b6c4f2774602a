package dev.quire.chat.cache;

import dev.quire.platform.auth.Caller;
import dev.quire.platform.secrets.Sha256;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may share a cached answer: one tenant, one set of knowledge bases searched ({@code null}: all the caller may
 * read), and one access (role, an API key's scopes and kb_ids): two callers that differ in any of them never share.
 */
public record CacheScope(UUID tenantId, List<UUID> knowledgeBaseIds, String access) {
    /** The marker a scope over all of a tenant's knowledge bases is indexed under. */
    public static final String ALL = "*";

    public static CacheScope of(Caller caller, List<UUID> knowledgeBaseIds) {
        List<UUID> kbs = knowledgeBaseIds == null ? null : List.copyOf(new TreeSet<>(knowledgeBaseIds));
        String role = caller.role() == null ? "-" : caller.role().id();
        String scopes = caller.scopes() == null ? ALL : String.join(",", new TreeSet<>(caller.scopes()));
        String keyKbs = caller.kbIds() == null
                ? ALL
                : caller.kbIds().stream().map(UUID::toString).sorted().collect(Collectors.joining(","));
        return new CacheScope(caller.tenantId(), kbs, role + "|" + scopes + "|" + keyKbs);
    }

    /** The knowledge-base index names this scope's entries are listed under. */
    public List<String> kbKeys() {
        return knowledgeBaseIds == null
                ? List.of(ALL)
                : knowledgeBaseIds.stream().map(UUID::toString).toList();
    }

    /** A short stable name of the scope, for Redis keys (no ids in clear beyond the tenant's). */
    public String hash() {
        String kbs = knowledgeBaseIds == null ? ALL : String.join(",", kbKeys());
        return Sha256.hex(kbs + "#" + access).substring(0, 32); // the first 16 bytes
    }
}
