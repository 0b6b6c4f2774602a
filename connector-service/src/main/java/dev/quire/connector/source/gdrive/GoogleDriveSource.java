package dev.quire.connector.source.gdrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.DriveScopes;
import com.google.api.services.drive.model.Change;
import com.google.api.services.drive.model.ChangeList;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import com.google.api.services.drive.model.Permission;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.source.Fields;
import dev.quire.connector.source.RetryAfter;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lombok.RequiredArgsConstructor;

/**
 * Google Drive through google-api-services-drive v3 and a service account: the first run (or a full one) takes the
 * changes API's start token, then lists every file with {@code files.list}; later runs read only {@code changes.list}
 * from the saved token, so changed files arrive without a listing and removed or trashed ones arrive as deletions;
 * {@code newStartPageToken} is the next run's checkpoint. Google Docs, Sheets and Slides are exported.
 * One class, as every source is (settings, validation, session); the session's listing, changes, exports and
 * permission mapping share one Drive client and the run's checkpoint.
 */
@ApplicationScoped
public class GoogleDriveSource implements SourceConnector {
    private static final Description DESCRIPTION =
            new Description("google-drive", "Google Drive", new Capabilities(true, false, false, true), configSchema());
    private static final String FILE_FIELDS =
            "id,name,mimeType,version,modifiedTime,size,webViewLink,trashed,permissions(type,emailAddress,role)";
    private static final String GOOGLE_APPS = "application/vnd.google-apps.";
    /** Google's own formats and what each is exported as (others of Google's — folders, forms, shortcuts — skipped). */
    private static final Map<String, String> EXPORTS = Map.of(
            GOOGLE_APPS + "document", "text/html",
            GOOGLE_APPS + "spreadsheet", "text/csv",
            GOOGLE_APPS + "presentation", "text/plain");
    /** Cursor prefixes: a full listing (start token, page token) or the change feed (page token). */
    private static final String FILES = "files ";

    private static final String CHANGES = "changes ";

    private final ObjectMapper json;
    private final ConnectorsConfig connectorsConfig;
    private final String rootUrl;

    public GoogleDriveSource(ObjectMapper json, ConnectorsConfig connectorsConfig) {
        this.json = json;
        this.connectorsConfig = connectorsConfig;
        this.rootUrl = Fields.withSlash(connectorsConfig.google().rootUrl());
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> configSchema() {
        Map<String, Object> config = Fields.object(
                List.of(),
                Fields.props(
                        "sharedDriveId",
                        Fields.string("A shared drive's id (omit for the files shared with the account)", 256, null),
                        "impersonate",
                        Fields.string("A user to act as (domain-wide delegation)", 320, "email")));
        Map<String, Object> credentials = Fields.object(
                List.of("serviceAccountKey"),
                Fields.props(
                        "serviceAccountKey", Fields.secret("The service account's JSON key file, as text", 16_384)));
        return Fields.schema(config, credentials);
    }

    @Override
    public void validate(JsonNode config, JsonNode credentials) {
        String drive = Fields.optionalString(config, "config.sharedDriveId", 256);
        if (drive != null && !drive.matches("[A-Za-z0-9_-]+")) {
            throw Fields.invalid("config.sharedDriveId is not a drive id");
        }
        Fields.optionalString(config, "config.impersonate", 320);
        String key = Fields.requiredString(credentials, "credentials.serviceAccountKey", 16_384);
        JsonNode k;
        try {
            k = json.readTree(key);
        } catch (IOException e) {
            throw Fields.invalid("credentials.serviceAccountKey is not a JSON key file"); // never echo the key
        }
        if (k == null
                || !"service_account".equals(k.path("type").asText())
                || k.path("client_email").asText().isBlank()
                || k.path("private_key").asText().isBlank()) {
            throw Fields.invalid(
                    "credentials.serviceAccountKey must be a service account key (type, client_email, private_key)");
        }
        Fields.noOthers(config, "config", "sharedDriveId", "impersonate");
        Fields.noOthers(credentials, "credentials", "serviceAccountKey");
    }

    @Override
    public Session open(JsonNode config, JsonNode credentials, Known known) throws IOException {
        ServiceAccountCredentials sa;
        try {
            sa = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
                    credentials.get("serviceAccountKey").asText().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new SourceException("bad_credentials", "the service account key could not be read");
        }
        // the token endpoint is the operator's setting, never the key file's token_uri (a tenant cannot aim it)
        var b = sa.toBuilder()
                .setTokenServerUri(connectorsConfig.google().tokenUri())
                .setScopes(List.of(DriveScopes.DRIVE_READONLY));
        String subject = Fields.text(config, "impersonate");
        if (subject != null) {
            b.setServiceAccountUser(subject);
        }
        var adapter = new HttpCredentialsAdapter(b.build());
        int ms = (int) connectorsConfig.httpTimeout().toMillis();
        HttpRequestInitializer init = req -> {
            adapter.initialize(req);
            req.setConnectTimeout(ms).setReadTimeout(ms).setNumberOfRetries(3);
            HttpUnsuccessfulResponseHandler auth = req.getUnsuccessfulResponseHandler();
            AtomicInteger attempt = new AtomicInteger();
            req.setUnsuccessfulResponseHandler((r, res, supportsRetry) -> {
                if (auth != null && auth.handleResponse(r, res, supportsRetry)) {
                    return true; // a refreshed token
                }
                int s = res.getStatusCode();
                if (supportsRetry && (s == 429 || s >= 500)) {
                    RetryAfter.sleep(RetryAfter.delay(
                            res.getHeaders().getFirstHeaderStringValue("Retry-After"),
                            attempt.incrementAndGet(),
                            connectorsConfig.maxRetryAfter()));
                    return true;
                }
                return false;
            });
        };
        Drive drive = new Drive.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), init)
                .setRootUrl(rootUrl)
                .setApplicationName("Quire")
                .build();
        return new DriveSession(drive, Fields.text(config, "sharedDriveId"));
    }

    @RequiredArgsConstructor
    private final class DriveSession implements Session {
        private final Drive drive;
        private final String sharedDrive;
        /** The MIME types of the files listed on the current page: the fetch exports Google's own formats. */
        private final Map<String, String> mimes = new HashMap<>();

        @Override
        public Page list(String cursor, Window window) throws IOException {
            try {
                mimes.clear();
                if (cursor == null) {
                    var start = drive.changes().getStartPageToken().setSupportsAllDrives(true);
                    if (sharedDrive != null) {
                        start.setDriveId(sharedDrive);
                    }
                    return files(start.execute().getStartPageToken(), null);
                }
                if (cursor.startsWith(FILES)) {
                    String[] p = cursor.substring(FILES.length()).split(" ", 2);
                    return files(p[0], p.length > 1 ? p[1] : null);
                }
                if (cursor.startsWith(CHANGES)) {
                    return changes(cursor.substring(CHANGES.length()));
                }
                throw new SourceException("bad_checkpoint", "the saved Drive cursor is not one of Quire's");
            } catch (HttpResponseException e) {
                throw failure(e);
            }
        }

        /** One page of the full listing; its last page hands over the change feed from the token taken first. */
        private Page files(String startToken, String pageToken) throws IOException {
            Drive.Files.List req = drive.files()
                    .list()
                    .setQ("trashed = false")
                    .setPageSize(connectorsConfig.google().pageSize())
                    .setFields("nextPageToken,files(" + FILE_FIELDS + ")")
                    .setSupportsAllDrives(true)
                    .setIncludeItemsFromAllDrives(true);
            if (sharedDrive != null) {
                req.setCorpora("drive").setDriveId(sharedDrive);
            }
            if (pageToken != null) {
                req.setPageToken(pageToken);
            }
            FileList res = req.execute();
            List<Item> items = new ArrayList<>();
            for (File f : res.getFiles() == null ? List.<File>of() : res.getFiles()) {
                if (syncable(f)) {
                    items.add(item(f));
                    mimes.put(f.getId(), f.getMimeType());
                }
            }
            String next = res.getNextPageToken();
            return next != null
                    ? new Page(items, FILES + startToken + " " + next, List.of(), null, true)
                    : new Page(items, null, List.of(), CHANGES + startToken, true);
        }

        private Page changes(String pageToken) throws IOException {
            Drive.Changes.List req = drive.changes()
                    .list(pageToken)
                    .setPageSize(connectorsConfig.google().pageSize())
                    .setIncludeRemoved(true)
                    .setSupportsAllDrives(true)
                    .setIncludeItemsFromAllDrives(true)
                    .setFields("nextPageToken,newStartPageToken,changes(fileId,removed,changeType,file(" + FILE_FIELDS
                            + "))");
            if (sharedDrive != null) {
                req.setDriveId(sharedDrive);
            }
            ChangeList res = req.execute();
            List<Item> items = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            for (Change c : res.getChanges() == null ? List.<Change>of() : res.getChanges()) {
                if (c.getFileId() == null || (c.getChangeType() != null && !"file".equals(c.getChangeType()))) {
                    continue; // a shared drive's own change
                }
                File f = c.getFile();
                if (Boolean.TRUE.equals(c.getRemoved()) || f == null || Boolean.TRUE.equals(f.getTrashed())) {
                    deleted.add(c.getFileId());
                } else if (syncable(f)) {
                    items.add(item(f));
                    mimes.put(f.getId(), f.getMimeType());
                }
            }
            if (res.getNextPageToken() != null) {
                return new Page(items, CHANGES + res.getNextPageToken(), deleted, null, false);
            }
            return new Page(items, null, deleted, CHANGES + res.getNewStartPageToken(), false);
        }

        @Override
        public Content fetch(Item item, String knownVersion) throws IOException {
            String mime = mimes.get(item.id());
            try {
                String export = EXPORTS.get(mime);
                InputStream in = export != null
                        ? drive.files().export(item.id(), export).executeMediaAsInputStream()
                        : drive.files()
                                .get(item.id())
                                .setSupportsAllDrives(true)
                                .executeMediaAsInputStream();
                try (in) {
                    long maxItemBytes = connectorsConfig.maxItemBytes();
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxItemBytes + 1));
                    if (bytes.length > maxItemBytes) {
                        throw new SourceException("too_large", "the file is larger than " + maxItemBytes + " bytes");
                    }
                    return new Content(bytes, export != null ? export : mime, item.version(), false, null);
                }
            } catch (HttpResponseException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {}
    }

    private static boolean syncable(File f) {
        String mime = f.getMimeType();
        return f.getId() != null
                && !Boolean.TRUE.equals(f.getTrashed())
                && (mime == null || !mime.startsWith(GOOGLE_APPS) || EXPORTS.containsKey(mime));
    }

    private static Item item(File f) {
        return new Item(
                f.getId(),
                f.getVersion() != null ? f.getVersion().toString() : null,
                f.getName(),
                f.getWebViewLink(),
                f.getModifiedTime() == null
                        ? null
                        : Instant.ofEpochMilli(f.getModifiedTime().getValue()),
                f.getSize() == null ? 0 : f.getSize(),
                access(f.getPermissions()));
    }

    /** The file's sharing as Drive reports it (stored now; enforced later). */
    private static Access access(List<Permission> permissions) {
        if (permissions == null) {
            return Access.unknown();
        }
        boolean anyone = false;
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Permission p : permissions) {
            switch (p.getType() == null ? "" : p.getType()) {
                case "anyone" -> anyone = true;
                case "user" -> {
                    if (p.getEmailAddress() != null) {
                        users.add(p.getEmailAddress());
                    }
                }
                case "group" -> {
                    if (p.getEmailAddress() != null) {
                        groups.add(p.getEmailAddress());
                    }
                }
                default -> {}
            }
        }
        return new Access(anyone, users, groups);
    }

    /** A Drive error as a stable code; Google's message is kept (it names the problem, never the credential). */
    private static SourceException failure(HttpResponseException e) {
        int s = e.getStatusCode();
        String reason = e instanceof GoogleJsonResponseException g && g.getDetails() != null
                ? g.getDetails().getMessage()
                : e.getStatusMessage();
        String code =
                switch (s) {
                    case 401, 403 -> "unauthorized";
                    case 404 -> "gone";
                    case 410 -> "expired";
                    case 429 -> "throttled";
                    default -> s >= 500 ? "source_error" : "source_refused";
                };
        return new SourceException(code, "Google Drive answered " + s + (reason == null ? "" : ": " + reason));
    }
}
