package dev.quire.gateway.proxy;

import dev.quire.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which service owns a path, by prefix, and which paths need no token. */
@ApplicationScoped
public class Routes {
    private static final Set<String> PUBLIC = Set.of(
            "/api/v1/auth/signup",
            "/api/v1/auth/token",
            "/api/v1/auth/refresh",
            "/api/v1/auth/logout",
            // the invitation code in the body is the only credential; a bearer token is not asked for
            "/api/v1/auth/accept-invitation",
            "/api/v1/auth/invitation",
            "/.well-known/jwks.json");
    /** Paths public for reading only (the plan catalogue a pricing page shows before sign-up). */
    private static final Set<String> PUBLIC_GET = Set.of("/api/v1/plans");

    /**
     * A knowledge base's evaluations and sections (its chunks' headings) belong to retrieval-service, the rest of the
     * knowledge base to ingestion.
     */
    private static final java.util.regex.Pattern EVALUATIONS =
            java.util.regex.Pattern.compile("^/api/v1/knowledge-bases/[^/]+/(evaluations|sections)(/.*)?$");

    /** A knowledge base's answer cache (statistics and clearing) belongs to chat-agent-service, which answers. */
    private static final java.util.regex.Pattern CACHE =
            java.util.regex.Pattern.compile("^/api/v1/knowledge-bases/[^/]+/cache/?$");

    private final Map<String, URI> prefixes = new LinkedHashMap<>();
    private final URI retrieval;
    private final URI chat;
    private final java.util.Set<String> tenantPrefixes = new java.util.HashSet<>();

    public Routes(GatewayConfig config) {
        var s = config.services();
        this.retrieval = s.retrieval();
        this.chat = s.chat();
        for (String p : new String[] {
            "/api/v1/auth",
            "/api/v1/tenant",
            "/api/v1/plans",
            "/api/v1/users",
            "/api/v1/api-keys",
            "/api/v1/usage",
            "/api/v1/audit-events",
            "/api/v1/admin",
            "/.well-known"
        }) {
            prefixes.put(p, s.tenant());
            tenantPrefixes.add(p);
        }
        for (String p : new String[] {"/api/v1/knowledge-bases", "/api/v1/documents", "/api/v1/tags", "/api/v1/jobs"}) {
            prefixes.put(p, s.ingestion());
        }
        prefixes.put("/api/v1/search", s.retrieval());
        for (String p : new String[] {"/api/v1/conversations", "/api/v1/messages", "/v1"}) {
            prefixes.put(p, s.chat());
        }
        for (String p : new String[] {"/api/v1/connector-types", "/api/v1/connectors"}) {
            prefixes.put(p, s.connector());
        }
    }

    /** The owning service of a path; a prefix matches whole segments only. */
    public Optional<URI> target(String path) {
        if (EVALUATIONS.matcher(path).matches()) {
            return Optional.of(retrieval);
        }
        if (CACHE.matcher(path).matches()) {
            return Optional.of(chat);
        }
        for (var e : prefixes.entrySet()) {
            String p = e.getKey();
            if (path.equals(p) || path.startsWith(p + "/")) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether tenant-service owns a path: it checks users itself and takes the Quire token, where every other
     * service takes only the gateway's short-lived one.
     */
    public boolean ownedByTenantService(String path) {
        return prefix(path).map(tenantPrefixes::contains).orElse(false)
                && !EVALUATIONS.matcher(path).matches();
    }

    /** The route prefix that owns a path, if any (a bounded name for it, as the metrics use). */
    public Optional<String> prefix(String path) {
        for (String p : prefixes.keySet()) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean isPublic(String path) {
        return PUBLIC.contains(path);
    }

    /** Whether a request needs no token: the public paths, and the read-only public ones for GET and HEAD. */
    public boolean isPublic(String method, String path) {
        return PUBLIC.contains(path) || (PUBLIC_GET.contains(path) && ("GET".equals(method) || "HEAD".equals(method)));
    }
}
