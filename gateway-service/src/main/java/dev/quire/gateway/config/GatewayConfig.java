package dev.quire.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** gateway-service settings: where each service lives, who may call from a browser, and how limits behave. */
@ConfigMapping(prefix = "quire.gateway")
public interface GatewayConfig {
    Services services();

    /** Browser origins allowed besides the gateway's own (QUIRE_ALLOWED_ORIGINS, comma-separated). */
    Optional<List<String>> allowedOrigins();

    /**
     * Proxies in front of the gateway whose X-Forwarded-For/-Proto/-Host are believed (QUIRE_TRUSTED_PROXIES: IP
     * addresses or CIDR ranges, comma-separated). None by default: the peer is the client.
     */
    Optional<List<String>> trustedProxies();

    /** Longest an upstream may stay silent (evaluations and long streams need minutes). */
    @WithDefault("300000")
    long upstreamTimeoutMs();

    /** Shared secret for tenant-service's internal endpoints (QUIRE_INTERNAL_SECRET). */
    String internalSecret();

    @WithDefault("2000")
    long internalTimeoutMs();

    /** How long a tenant's status and limits are reused before asking tenant-service again. */
    @WithDefault("30000")
    long tenantCacheMs();

    /**
     * How long a user's (or API key's) current role is reused before asking tenant-service again; tenant.changed
     * drops it sooner. The bound on how late a deletion, demotion or revocation takes effect without the event.
     */
    @WithDefault("3000")
    long principalCacheMs();

    /** The short-lived tokens the gateway signs for the services, carrying the caller's current role and limits. */
    InternalToken internalToken();

    /** Signing key: {@code smallrye.jwt.sign.key.location} (QUIRE_INTERNAL_SIGNING_KEY). */
    interface InternalToken {
        @WithDefault("quire-gateway")
        String issuer();

        @WithDefault("quire-internal")
        String audience();

        /** Lifetime of one token; a token is reused for at most half of it, so a service gets it with time left. */
        @WithDefault("120")
        int ttlSeconds();
    }

    /** Issuer of external OIDC tokens that tenant-service exchanges for Quire tokens (none by default). */
    Optional<String> oidcIssuer();

    /** Send Strict-Transport-Security (set when the gateway is reached over TLS, directly or via a proxy). */
    @WithDefault("false")
    boolean hsts();

    /** Largest JSON (non-upload) request body. */
    @WithDefault("1048576")
    long jsonBodyMaxBytes();

    Limits limits();

    /** The chat WebSocket's authentication and flow-control bounds. */
    ChatSocket chatSocket();

    /** How long {@code /ws/chat} waits for things, and how much it holds for a client that does not read. */
    interface ChatSocket {
        /**
         * On shutdown, how long an open socket may finish the answers it is streaming before it is closed with 1001
         * (going away) all the same; the client then reconnects to another replica. Keep it inside the pod's
         * termination grace period.
         */
        @WithDefault("20000")
        long drainMs();

        /** Time a socket opened without a token has to send its {@code auth} frame. */
        @WithDefault("5000")
        long authFrameTimeoutMs();

        /**
         * How often an open socket's credential is checked again (revocation without an event, a suspended tenant,
         * the fresh internal token of an API key, which lives 5 min and is renewed 30 s before it expires).
         */
        @WithDefault("20000")
        long recheckMs();

        /** A client whose write queue stays full this long is closed with 1008. */
        @WithDefault("10000")
        long slowClientMs();

        /** Bytes queued towards one client before upstream reading pauses. */
        @WithDefault("262144")
        int writeQueueBytes();

        /**
         * Open chat sockets one user (or one API key) may hold on this replica; one more is refused 429. The web app
         * keeps one a tab.
         */
        @WithDefault("20")
        int maxPerUser();

        /** Open chat sockets one tenant may hold on this replica. */
        @WithDefault("500")
        int maxPerTenant();

        /** Sockets this replica may hold open to chat-agent, all tenants together. */
        @WithDefault("5000")
        int maxUpstream();
    }

    /** Limiter settings that are not per plan. */
    interface Limits {
        /** Off only to measure the gateway without its limiter (the JWT-only benchmark). */
        @WithDefault("true")
        boolean enabled();

        /** Replicas expected to share the load: each takes this share of every limit while Redis is down. */
        @WithDefault("3")
        int replicas();

        /** Document-event streams (SSE) one user or API key may hold open on this replica; one more is 429. */
        @WithDefault("10")
        int eventStreamsPerUser();

        /** Document-event streams one tenant may hold open on this replica. */
        @WithDefault("100")
        int eventStreamsPerTenant();

        /** A chat stream slot is held at most this long (a crashed replica cannot keep it). */
        @WithDefault("600000")
        long streamLeaseMs();

        /** Tokens reserved for the prompt of a chat turn (question, history and sources). */
        @WithDefault("3000")
        long promptReserveTokens();

        /** Completion tokens reserved when the request names none. */
        @WithDefault("1024")
        long defaultMaxTokens();

        /** Most completion tokens one turn may reserve. */
        @WithDefault("4096")
        long maxCompletionTokens();

        /** Sign-ups per client IP and hour. */
        @WithDefault("60")
        int signupPerHour();

        /** Token requests per client IP and minute. */
        @WithDefault("20")
        int tokenPerMinute();

        /**
         * A replica takes up to this many milliseconds' worth of a tenant's request rate from Redis at once and
         * admits from it locally, so a busy tenant's calls mostly skip the Redis round trip; tenants whose rate
         * gives less than two permits in this time are decided by Redis on every call. 0 turns leasing off.
         */
        @WithDefault("50")
        long leaseMs();

        /** Most permits one lease takes (bounds what a replica may hold unused when its traffic stops). */
        @WithDefault("256")
        int maxLeasePermits();

        /** How often each replica reports its admitted requests to the usage ledger. */
        @WithDefault("10000")
        long usageFlushMs();
    }

    /** Base URLs of the services behind the gateway. */
    interface Services {
        URI tenant();

        URI ingestion();

        URI retrieval();

        URI chat();

        URI connector();
    }
}
