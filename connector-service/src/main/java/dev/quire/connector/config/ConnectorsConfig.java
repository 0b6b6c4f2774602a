package dev.quire.connector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** connector-service's operator settings, every {@code quire.connectors.*} property (docs/CONNECTORS.md). */
@ConfigMapping(prefix = "quire.connectors")
public interface ConnectorsConfig {
    /**
     * The key-encryption key connector credentials are sealed under with AES-GCM ({@code QUIRE_CONNECTOR_KEK}); no
     * default: the prod profile refuses to start without it (a blank value counts as none).
     */
    Optional<String> kek();

    /** The version of {@link #kek()}, stored beside every value it seals ({@code QUIRE_CONNECTOR_KEK_VERSION}). */
    @WithDefault("1")
    int kekVersion();

    /**
     * During a key rotation, the previous key-encryption key ({@code QUIRE_CONNECTOR_KEK_PREVIOUS}): it only opens
     * values sealed under {@link #kekPreviousVersion()}, never seals.
     */
    Optional<String> kekPrevious();

    /** The version of {@link #kekPrevious()}; one below {@link #kekVersion()} when absent. */
    Optional<Integer> kekPreviousVersion();

    /**
     * Whether connectors may reach private networks ({@code QUIRE_CONNECTORS_ALLOW_PRIVATE}); off, they reach only
     * public addresses (e.g. on for a local demo store).
     */
    @WithDefault("false")
    boolean allowPrivate();

    /** Connect and read timeout of the connectors' HTTP clients (the S3 client's API-call timeout is twice this). */
    @WithDefault("PT30S")
    Duration httpTimeout();

    /** A throttled source's {@code Retry-After} (or back-off) is honoured up to this long. */
    @WithDefault("PT60S")
    Duration maxRetryAfter();

    /**
     * The service's own ceiling on an item's size (50 MB, as ingestion's {@code maxUploadBytes}) for plans whose
     * {@code maxUploadMb} is above it; sources' responses are size-capped at it. It must fit an int: the web connector
     * reads a page into one array.
     */
    @WithDefault("52428800")
    long maxItemBytes();

    /**
     * An item travels inline in its {@code connector.item} record up to this size (under Kafka's 1 MB record limit
     * once base64); a larger one is staged and ingestion fetches it.
     */
    @WithDefault("655360")
    long inlineItemBytes();

    /** Staged bytes nobody fetched are dropped after this long. */
    @WithDefault("P1D")
    Duration stagedTtl();

    /** A run's window starts at the start of the last good run less this, so successive windows overlap. */
    @WithDefault("PT10M")
    Duration windowOverlap();

    /**
     * tenant-service's base URL, where a run reads its tenant's plan limits ({@code QUIRE_TENANT_URL}); absent or
     * blank: no plan limits (tests without a tenant-service).
     */
    Optional<String> tenantUrl();

    /**
     * The shared secret of internal calls ({@code X-Quire-Internal-Secret}, {@code QUIRE_INTERNAL_SECRET}): asked of
     * ingestion fetching staged bytes, sent to tenant-service for the plan's limits. No default: without one every
     * internal call is refused, and the prod profile refuses to start (platform's SecretGuard).
     */
    Optional<String> internalSecret();

    /** A lease whose heartbeat is older than this is reaped by any replica and its run becomes INTERRUPTED. */
    @WithDefault("PT60S")
    Duration leaseTtl();

    /** How often the runner heartbeats the lease of each run it holds (and notices a cancelled run). */
    @WithDefault("PT10S")
    Duration heartbeat();

    /** How many runs this replica runs at once. */
    @WithDefault("2")
    int concurrency();

    /**
     * How often the runner ticks (reaps, queues due runs, claims): a scheduler interval such as {@code 1s}, read by
     * the {@code @Scheduled} expression of {@code Runner.tick}, which repeats this default.
     */
    @WithDefault("1s")
    String poll();

    /** This replica's runner. */
    Runner runner();

    /** The Confluence Cloud connector. */
    Confluence confluence();

    /** The Google Drive connector's Google endpoints and paging. */
    Google google();

    /** The SharePoint / OneDrive connector's Microsoft endpoints. */
    Microsoft microsoft();

    /** The S3 connector. */
    S3 s3();

    /** This replica's runner. */
    interface Runner {
        /** Whether this replica runs syncs at all. */
        @WithDefault("true")
        boolean enabled();
    }

    /** The Confluence Cloud connector. */
    interface Confluence {
        /** Results per page of Confluence's content search. */
        @WithDefault("50")
        int pageSize();
    }

    /** The Google Drive connector's Google endpoints and paging. */
    interface Google {
        /** The Drive API's root URL. */
        @WithDefault("https://www.googleapis.com/")
        String rootUrl();

        /** The OAuth token endpoint; a key file's own {@code token_uri} is ignored, so a tenant cannot aim it. */
        @WithDefault("https://oauth2.googleapis.com/token")
        URI tokenUri();

        /** Files (or changes) per page of Drive's listings. */
        @WithDefault("100")
        int pageSize();
    }

    /** The SharePoint / OneDrive connector's Microsoft endpoints. */
    interface Microsoft {
        /** Microsoft Graph's base URL. */
        @WithDefault("https://graph.microsoft.com/v1.0")
        String graphUrl();

        /** The login host: the token endpoint is {@code {authority-host}{tenantId}/oauth2/v2.0/token}. */
        @WithDefault("https://login.microsoftonline.com/")
        String authorityHost();
    }

    /** The S3 connector. */
    interface S3 {
        /** Keys per ListObjectsV2 page. */
        @WithDefault("500")
        int pageSize();
    }
}
