package dev.quire.connector.source.confluence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.Fields;
import dev.quire.connector.source.SourceConnector;
import dev.quire.connector.source.confluence.ConfluenceApi.Entry;
import dev.quire.connector.source.confluence.ConfluenceApi.SearchResult;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;

/**
 * Confluence Cloud through its REST v1 content search: CQL on {@code lastmodified} over the run's window (a first or
 * full run lists everything, so it can prune), pages as HTML from their storage format, attachments as their files,
 * an optional space filter; the content's version number is the item's version, so unchanged content is not fetched.
 * One class, as every source is (settings, validation, session); the CQL window and the paging share the run's
 * state.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ConfluenceSource implements SourceConnector {
    private static final Description DESCRIPTION = new Description(
            "confluence", "Confluence Cloud", new Capabilities(false, false, false, false), configSchema());
    private static final String SEARCH = "/rest/api/content/search";
    /** CQL reads dates in the API user's time zone, which the connector cannot know: a day earlier covers them all. */
    private static final Duration ZONE_SLACK = Duration.ofDays(1);

    private static final DateTimeFormatter CQL_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final OutboundGuard guard;
    private final ObjectMapper json;
    private final ConnectorsConfig connectorsConfig;

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> configSchema() {
        Map<String, Object> config = Fields.object(
                List.of("baseUrl"),
                Fields.props(
                        "baseUrl",
                        Fields.string("Site URL, e.g. https://example.atlassian.net", 2048, "uri"),
                        "spaces",
                        Fields.props(
                                "type",
                                "array",
                                "description",
                                "Only these space keys (all spaces the user can read when empty)",
                                "maxItems",
                                100,
                                "items",
                                Fields.string("Space key", 255, null)),
                        "includeAttachments",
                        Map.of("type", "boolean", "description", "Also sync attachments", "default", true)));
        Map<String, Object> credentials = Fields.object(
                List.of("email", "apiToken"),
                Fields.props(
                        "email", Fields.string("Atlassian account email", 320, "email"),
                        "apiToken", Fields.secret("Atlassian API token", 1024)));
        return Fields.schema(config, credentials);
    }

    @Override
    public void validate(JsonNode config, JsonNode credentials) {
        Fields.requiredString(config, "config.baseUrl", 2048);
        guard.checkSetting("config.baseUrl", URI.create(Fields.optionalUrl(config, "config.baseUrl")));
        for (String key : Fields.optionalStrings(config, "config.spaces", 100, 255)) {
            // keys go into CQL: only the characters Confluence allows in a space key (no quoting games)
            if (!key.matches("[A-Za-z0-9~_-]+")) {
                throw Fields.invalid("config.spaces holds a key with characters a space key cannot have");
            }
        }
        Fields.optionalBoolean(config, "config.includeAttachments");
        Fields.requiredString(credentials, "credentials.email", 320);
        Fields.requiredString(credentials, "credentials.apiToken", 1024);
        Fields.noOthers(config, "config", "baseUrl", "spaces", "includeAttachments");
        Fields.noOthers(credentials, "credentials", "email", "apiToken");
    }

    @Override
    public Session open(JsonNode config, JsonNode credentials, Known known) throws IOException {
        URI origin = URI.create(Fields.stripSlash(config.get("baseUrl").asText()));
        var http = new ConfluenceHttp(
                guard,
                origin,
                credentials.get("email").asText(),
                credentials.get("apiToken").asText(),
                connectorsConfig.httpTimeout(),
                connectorsConfig.maxRetryAfter(),
                4);
        List<String> spaces = Fields.optionalStrings(config, "config.spaces", 100, 255);
        boolean attachments = config.path("includeAttachments").asBoolean(true);
        return new ConfluenceSession(http, origin.toString() + "/wiki", spaces, attachments);
    }

    /** The CQL of a run: the types and spaces configured, changed since the window's start when there is one. */
    static String cql(List<String> spaces, boolean attachments, Instant from) {
        var sb = new StringBuilder(attachments ? "type in (page, attachment)" : "type = page");
        if (!spaces.isEmpty()) {
            sb.append(" and space in (")
                    .append(spaces.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")))
                    .append(")");
        }
        if (from != null) {
            sb.append(" and lastmodified >= \"")
                    .append(CQL_DATE.format(from.minus(ZONE_SLACK).atOffset(ZoneOffset.UTC)))
                    .append("\"");
        }
        return sb.append(" order by lastmodified asc").toString();
    }

    @RequiredArgsConstructor
    private final class ConfluenceSession implements Session {
        private final ConfluenceHttp http;
        private final String wiki;
        private final List<String> spaces;
        private final boolean attachments;
        /** Download links of the attachments listed on the current page (the fetch needs them). */
        private final Map<String, String> downloads = new HashMap<>();

        @Override
        public Page list(String cursor, Window window) throws IOException {
            String path;
            if (cursor == null) {
                path = SEARCH + "?cql=" + enc(cql(spaces, attachments, window.from())) + "&limit="
                        + connectorsConfig.confluence().pageSize() + "&expand=" + enc("version,space");
            } else if (cursor.startsWith(SEARCH + "?")) {
                path = cursor; // Confluence's own next link, relative to /wiki
            } else {
                throw new SourceException("bad_checkpoint", "the saved Confluence cursor is not a search link");
            }
            var body = http.get(URI.create(wiki + path), 16L << 20);
            SearchResult res = json.readValue(body.bytes(), SearchResult.class);
            List<Item> items = new ArrayList<>();
            downloads.clear();
            for (Entry c : res.results() == null ? List.<Entry>of() : res.results()) {
                if (c.id() == null || c.version() == null) {
                    continue;
                }
                var links = c.links();
                if ("attachment".equals(c.type()) && links != null && links.download() != null) {
                    downloads.put(c.id(), links.download());
                }
                items.add(new Item(
                        c.id(),
                        Long.toString(c.version().number()),
                        c.title(),
                        links != null && links.webui() != null ? wiki + links.webui() : null,
                        instant(c.version().when()),
                        c.extensions() != null && c.extensions().fileSize() != null
                                ? c.extensions().fileSize()
                                : 0,
                        Access.unknown()));
            }
            String next = res.links() == null ? null : res.links().next();
            if (next != null && !next.startsWith(SEARCH + "?")) {
                throw new SourceException("source_error", "Confluence's next link is not a content search");
            }
            // a listing with no window start is everything the user can read: afterwards the unseen are pruned
            return new Page(items, next, List.of(), null, window.from() == null);
        }

        @Override
        public Content fetch(Item item, String knownVersion) throws IOException {
            String download = downloads.get(item.id());
            if (download != null) {
                var body = http.get(URI.create(wiki + download), connectorsConfig.maxItemBytes());
                return new Content(body.bytes(), body.contentType(), item.version(), false, null);
            }
            var body = http.get(
                    URI.create(wiki + "/rest/api/content/" + enc(item.id()) + "?expand=" + enc("body.storage,version")),
                    connectorsConfig.maxItemBytes() * 2);
            Entry page = json.readValue(body.bytes(), Entry.class);
            String storage = page.body() == null || page.body().storage() == null
                    ? null
                    : page.body().storage().value();
            if (storage == null) {
                throw new SourceException("source_error", "Confluence sent the page without its body");
            }
            String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(page.title())
                    + "</title></head><body>" + storage + "</body></html>";
            String version =
                    page.version() != null ? Long.toString(page.version().number()) : item.version();
            return new Content(html.getBytes(StandardCharsets.UTF_8), "text/html", version, false, null);
        }

        @Override
        public void close() {
            downloads.clear();
        }
    }

    private static Instant instant(String when) {
        if (when == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(when).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
