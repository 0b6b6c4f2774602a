package dev.quire.connector.source.sharepoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.drives.item.items.item.DriveItemItemRequestBuilder;
import com.microsoft.graph.drives.item.items.item.delta.DeltaGetResponse;
import com.microsoft.graph.drives.item.items.item.delta.DeltaRequestBuilder;
import com.microsoft.graph.models.DriveItem;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.Fields;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lombok.RequiredArgsConstructor;
import okhttp3.ConnectionPool;

/**
 * SharePoint Online and OneDrive document libraries through Microsoft Graph's Java SDK, app-only: a first or full run
 * walks the drive's delta feed from the start (a complete listing, so it prunes), its last page's {@code deltaLink} is
 * the next run's checkpoint, later runs read only the changes since, {@code deleted} items become deletions, and a
 * 410 on a saved token (Graph's {@code resyncRequired}) starts a complete listing again. An item's {@code cTag} (its
 * content's version) is its version, so a renamed but unchanged file is not fetched again. One class (with its
 * session) like the other types: the schema, the validation and the session share the cursor formats and the
 * Graph-origin check that keeps the bearer on Graph; the HTTP stack and the token live in {@link GraphHttp}.
 */
@ApplicationScoped
public class SharePointSource implements SourceConnector {
    /** Access lists are not read: Graph reports them per item only (one more throttled request per file). */
    private static final Description DESCRIPTION = new Description(
            "sharepoint",
            "SharePoint / OneDrive (Microsoft Graph)",
            new Capabilities(true, false, false, false),
            configSchema());
    /** Cursor prefixes: a page of a complete listing, or of the change feed (a nextLink or a deltaLink). */
    private static final String FULL = "full ";

    private static final String CHANGES = "changes ";
    private static final int MAX_FOLDER_DEPTH = 64;

    private final OutboundGuard guard;
    private final ObjectMapper json;
    private final ConnectorsConfig connectorsConfig;
    private final String graphUrl;
    private final URI graph;
    private final String authorityHost;
    private final ConnectionPool pool = new ConnectionPool(4, 1, TimeUnit.MINUTES);

    public SharePointSource(OutboundGuard guard, ObjectMapper json, ConnectorsConfig connectorsConfig) {
        this.guard = guard;
        this.json = json;
        this.connectorsConfig = connectorsConfig;
        this.graphUrl = Fields.stripSlash(connectorsConfig.microsoft().graphUrl());
        this.graph = URI.create(this.graphUrl);
        this.authorityHost = Fields.withSlash(connectorsConfig.microsoft().authorityHost());
    }

    @PreDestroy
    void close() {
        pool.evictAll();
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> configSchema() {
        Map<String, Object> config = Fields.object(
                List.of("tenantId"),
                Fields.props(
                        "tenantId",
                        Fields.string(
                                "Azure AD (Entra ID) tenant: its id or a domain such as contoso.onmicrosoft.com",
                                256,
                                null),
                        "siteId",
                        Fields.string("A SharePoint site's id (its default document library is synced)", 512, null),
                        "driveId",
                        Fields.string("A drive's id (a document library or a OneDrive), instead of siteId", 512, null),
                        "folderPath",
                        Fields.string("Only this folder of the drive and its subfolders, e.g. /Policies", 1024, null)));
        Map<String, Object> credentials = Fields.object(
                List.of("clientId", "clientSecret"),
                Fields.props(
                        "clientId", Fields.string("The app registration's application (client) id", 256, null),
                        "clientSecret", Fields.secret("A client secret of the app registration", 1024)));
        Map<String, Object> s = Fields.schema(config, credentials);
        // exactly one of siteId and driveId: a form shows both, the API says which is missing
        @SuppressWarnings("unchecked")
        var c = (Map<String, Object>) ((Map<String, Object>) s.get("properties")).get("config");
        c.put("oneOf", List.of(Map.of("required", List.of("siteId")), Map.of("required", List.of("driveId"))));
        return s;
    }

    @Override
    public void validate(JsonNode config, JsonNode credentials) {
        String tenant = Fields.requiredString(config, "config.tenantId", 256);
        // it becomes a path segment of the token endpoint: a GUID or a domain name, nothing that could leave it
        if (!tenant.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw Fields.invalid("config.tenantId must be a tenant id (GUID) or a domain name");
        }
        String site = Fields.optionalString(config, "config.siteId", 512);
        String drive = Fields.optionalString(config, "config.driveId", 512);
        if ((site == null) == (drive == null)) {
            throw Fields.invalid("config needs exactly one of siteId and driveId");
        }
        if (site != null && !site.matches("[A-Za-z0-9.,_-]+")) {
            throw Fields.invalid("config.siteId is not a site id (hostname,siteCollectionId,webId)");
        }
        if (drive != null && !drive.matches("[A-Za-z0-9!_-]+")) {
            throw Fields.invalid("config.driveId is not a drive id");
        }
        String folder = Fields.optionalString(config, "config.folderPath", 1024);
        if (folder != null && (folder.contains("..") || folder.contains(":") || folder.contains("\\"))) {
            throw Fields.invalid("config.folderPath must be a plain folder path such as /Policies/2026");
        }
        Fields.requiredString(credentials, "credentials.clientId", 256);
        Fields.requiredString(credentials, "credentials.clientSecret", 1024);
        Fields.noOthers(config, "config", "tenantId", "siteId", "driveId", "folderPath");
        Fields.noOthers(credentials, "credentials", "clientId", "clientSecret");
    }

    @Override
    public Session open(JsonNode config, JsonNode credentials, Known known) throws IOException {
        String host = graph.getHost();
        var tokens = new GraphHttp.ClientCredentials(
                GraphHttp.tokenClient(guard, pool, connectorsConfig.httpTimeout()),
                json,
                authorityHost + config.get("tenantId").asText() + "/oauth2/v2.0/token",
                credentials.get("clientId").asText(),
                credentials.get("clientSecret").asText(),
                host);
        var client = new GraphServiceClient(
                new BaseBearerTokenAuthenticationProvider(tokens),
                GraphHttp.graphClient(
                        guard, pool, host, connectorsConfig.httpTimeout(), connectorsConfig.maxRetryAfter()));
        client.getRequestAdapter().setBaseUrl(graphUrl);
        var session = new GraphSession(client, normalise(Fields.text(config, "folderPath")));
        try {
            String drive = Fields.text(config, "driveId");
            if (drive == null) {
                var d = client.sites()
                        .bySiteId(Fields.text(config, "siteId"))
                        .drive()
                        .get();
                drive = d == null ? null : d.getId();
                if (drive == null) {
                    throw new SourceException("source_error", "Graph answered the site without its default drive");
                }
            }
            session.start(drive);
            return session;
        } catch (RuntimeException e) {
            throw failure(e, "the drive");
        }
    }

    /** {@code /A/B/} → {@code a/b}: compared without case, as SharePoint compares names. */
    private static String normalise(String folder) {
        if (folder == null) {
            return null;
        }
        String f = folder.replaceAll("^/+|/+$", "");
        return f.isEmpty() ? null : f;
    }

    @RequiredArgsConstructor
    private final class GraphSession implements Session {
        private final GraphServiceClient client;
        private final String folderPath;
        private String drive;
        /** The folder {@code folderPath} names (null: the whole drive). */
        private String folderId;
        /** A folder's parent, learned from the feed or asked once; an item is in scope if a parent chain meets it. */
        private final Map<String, String> parents = new HashMap<>();
        /** The MIME types of the files listed on the current page (Graph's file facet), sent with their bytes. */
        private final Map<String, String> mimes = new HashMap<>();

        void start(String drive) throws IOException {
            this.drive = drive;
            if (folderPath != null) {
                // Graph's path addressing: /drives/{id}/root:/{path}: (each segment encoded, the colons not)
                String path = java.util.Arrays.stream(folderPath.split("/"))
                        .map(SharePointSource::enc)
                        .collect(java.util.stream.Collectors.joining("/"));
                DriveItem f = new DriveItemItemRequestBuilder(
                                graphUrl + "/drives/" + enc(drive) + "/root:/" + path + ":", client.getRequestAdapter())
                        .get();
                if (f == null || f.getId() == null || f.getFolder() == null) {
                    throw new SourceException("not_found", "the drive has no folder " + folderPath);
                }
                folderId = f.getId();
            }
        }

        @Override
        public Page list(String cursor, Window window) throws IOException {
            if (cursor == null) {
                return full(start());
            }
            if (cursor.startsWith(FULL)) {
                return full(checked(cursor.substring(FULL.length())));
            }
            if (!cursor.startsWith(CHANGES)) {
                throw new SourceException("bad_checkpoint", "the saved SharePoint cursor is not one of Quire's");
            }
            try {
                return page(delta(checked(cursor.substring(CHANGES.length()))), false);
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 410) {
                    // the token expired or Graph wants a resync: everything again, then the unseen are pruned
                    return full(start());
                }
                throw failure(e, "the change feed");
            } catch (RuntimeException e) {
                throw failure(e, "the change feed");
            }
        }

        private String start() {
            return graphUrl + "/drives/" + enc(drive) + "/root/delta";
        }

        private Page full(String url) throws IOException {
            try {
                return page(delta(url), true);
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 410 && !url.equals(start())) {
                    return full(start()); // a resumed listing's link expired: that listing starts over
                }
                throw failure(e, "the listing");
            } catch (RuntimeException e) {
                throw failure(e, "the listing");
            }
        }

        private DeltaGetResponse delta(String url) {
            return new DeltaRequestBuilder(url, client.getRequestAdapter()).get();
        }

        private Page page(DeltaGetResponse res, boolean fullListing) throws IOException {
            List<DriveItem> value = res.getValue() == null ? List.of() : res.getValue();
            for (DriveItem d : value) {
                if (d.getRoot() != null && d.getId() != null) {
                    parents.put(d.getId(), null); // the top: a chain reaching it is outside the folder
                } else if (d.getFolder() != null && d.getId() != null && d.getParentReference() != null) {
                    parents.put(d.getId(), d.getParentReference().getId());
                }
            }
            // the same item may appear more than once in a feed: its last appearance is its state
            Map<String, DriveItem> last = new LinkedHashMap<>();
            for (DriveItem d : value) {
                if (d.getId() != null) {
                    last.remove(d.getId());
                    last.put(d.getId(), d);
                }
            }
            List<Item> items = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            mimes.clear();
            for (DriveItem d : last.values()) {
                if (d.getDeleted() != null) {
                    deleted.add(d.getId());
                } else if (d.getFile() != null) {
                    if (inScope(d)) {
                        items.add(item(d));
                        mimes.put(d.getId(), d.getFile().getMimeType());
                    } else if (!fullListing) {
                        deleted.add(d.getId()); // moved out of the folder (a no-op for one never synced)
                    }
                }
            }
            String next = res.getOdataNextLink();
            if (next != null) {
                return new Page(items, (fullListing ? FULL : CHANGES) + checked(next), deleted, null, fullListing);
            }
            String deltaLink = res.getOdataDeltaLink();
            if (deltaLink == null) {
                throw new SourceException("source_error", "Graph ended the delta feed without a deltaLink");
            }
            return new Page(items, null, deleted, CHANGES + checked(deltaLink), fullListing);
        }

        private Item item(DriveItem d) {
            String version = d.getCTag() != null ? d.getCTag() : d.getETag();
            return new Item(
                    d.getId(),
                    version,
                    d.getName(),
                    d.getWebUrl(),
                    d.getLastModifiedDateTime() == null
                            ? null
                            : d.getLastModifiedDateTime().toInstant(),
                    d.getSize() == null ? 0 : d.getSize(),
                    Access.unknown());
        }

        private boolean inScope(DriveItem d) {
            if (folderId == null) {
                return true;
            }
            String p = d.getParentReference() == null
                    ? null
                    : d.getParentReference().getId();
            for (int depth = 0; p != null && depth < MAX_FOLDER_DEPTH; depth++) {
                if (p.equals(folderId)) {
                    return true;
                }
                if (!parents.containsKey(p)) {
                    // a change run sees only changed folders: ask Graph once for this one's parent
                    DriveItem f = client.drives()
                            .byDriveId(drive)
                            .items()
                            .byDriveItemId(p)
                            .get(r -> r.queryParameters.select = new String[] {"id", "parentReference"});
                    parents.put(
                            p,
                            f == null || f.getParentReference() == null
                                    ? null
                                    : f.getParentReference().getId());
                }
                p = parents.get(p);
            }
            return false;
        }

        @Override
        public Content fetch(Item item, String knownVersion) throws IOException {
            try (InputStream in = client.drives()
                    .byDriveId(drive)
                    .items()
                    .byDriveItemId(item.id())
                    .content()
                    .get()) {
                if (in == null) {
                    throw new SourceException("empty", "Graph sent the file without content");
                }
                long maxItemBytes = connectorsConfig.maxItemBytes();
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxItemBytes + 1));
                if (bytes.length > maxItemBytes) {
                    throw new SourceException("too_large", "the file is larger than " + maxItemBytes + " bytes");
                }
                return new Content(bytes, mimes.get(item.id()), item.version(), false, null);
            } catch (RuntimeException e) {
                throw failure(e, "the file");
            }
        }

        @Override
        public void close() {
            parents.clear();
            mimes.clear();
        }
    }

    /** A paging link (Graph's, or one saved as a checkpoint) must lead back to the configured Graph endpoint. */
    private String checked(String link) throws SourceException {
        URI u;
        try {
            u = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new SourceException("source_error", "Graph sent a paging link that is not a URL");
        }
        if (!graph.getScheme().equalsIgnoreCase(u.getScheme())
                || !graph.getHost().equalsIgnoreCase(u.getHost())
                || port(graph) != port(u)
                || u.getRawPath() == null
                || !u.getRawPath().startsWith(graph.getRawPath() + "/")) {
            throw new SourceException("source_error", "Graph sent a paging link outside " + graphUrl);
        }
        return link;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** What Kiota threw, as a SourceException the runner records (never the response body: it may echo input). */
    static SourceException failure(RuntimeException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GraphHttp.TokenFailure tf) {
                return tf.reason;
            }
            if (t instanceof GraphHttp.Refused || t instanceof dev.quire.connector.net.OutboundGuard.RefusedHost) {
                return new SourceException("private_address", t.getMessage());
            }
        }
        if (e instanceof ApiException api && api.getResponseStatusCode() > 0) {
            int status = api.getResponseStatusCode();
            String code = e instanceof ODataError o && o.getError() != null
                    ? o.getError().getCode()
                    : null;
            String detail = code != null && code.matches("[A-Za-z]{1,64}") ? " " + code : "";
            return switch (status) {
                case 401, 403 -> new SourceException(
                        "unauthorized",
                        "Graph refused " + what + " (" + status + detail
                                + "): the app needs Sites.Read.All or Files.Read.All (application) with admin consent");
                case 404, 410 -> new SourceException("gone", "Graph answered " + status + detail + " for " + what);
                case 429 -> new SourceException("throttled", "Graph kept answering 429 Too Many Requests");
                default -> new SourceException(
                        status >= 500 ? "source_error" : "source_refused",
                        "Graph answered " + status + detail + " for " + what);
            };
        }
        return SourceException.unreachable("Graph did not answer for " + what, e);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
