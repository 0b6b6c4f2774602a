package dev.quire.connector.source.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapParser;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.Fields;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import dev.quire.platform.secrets.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jsoup.Jsoup;

/**
 * A web site from a start URL and/or a sitemap: breadth-first on the start URL's host only, within depth, page and
 * size caps, honouring robots.txt {@code Disallow}; each page fetched conditionally with the ETag or Last-Modified
 * stored last time, so an unchanged page answers 304 and is neither re-sent nor re-embedded (its stored links keep
 * the crawl going). Redirects are followed by hand, each target checked by the outbound guard again.
 * One class, as every source is (its settings, their validation and the session they open, SourceConnector's shape);
 * most of it is the crawl session, whose frontier, robots rules, stored validators and redirect checks share one
 * run's state.
 */
@ApplicationScoped
public class WebSource implements SourceConnector {
    static final String AGENT = "QuireBot";
    private static final Description DESCRIPTION =
            new Description("web", "Web site", new Capabilities(false, true, true, false), configSchema());
    private static final int BATCH = 20;
    private static final int MAX_REDIRECTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutboundGuard guard;
    private final ConnectorsConfig connectorsConfig;
    private final int maxPageBytes;

    public WebSource(OutboundGuard guard, ConnectorsConfig connectorsConfig) {
        this.guard = guard;
        this.connectorsConfig = connectorsConfig;
        // a page is read into one array: the item cap must fit an int here
        this.maxPageBytes = Math.toIntExact(connectorsConfig.maxItemBytes());
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> configSchema() {
        Map<String, Object> config = Fields.object(
                List.of("startUrl"),
                Fields.props(
                        "startUrl", Fields.string("Where the crawl starts; only this host is crawled", 2048, "uri"),
                        "sitemapUrl", Fields.string("A sitemap on the same host", 2048, "uri"),
                        "maxPages", Fields.integer("At most this many pages", 1, 5000),
                        "maxDepth", Fields.integer("Links followed from the start page", 0, 20),
                        "includePaths", paths("Only paths starting with one of these"),
                        "excludePaths", paths("Never paths starting with one of these")));
        return Fields.schema(config, Fields.object(List.of(), Map.of()));
    }

    /** The schema of a list of path prefixes. */
    private static Map<String, Object> paths(String description) {
        return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
    }

    @Override
    public void validate(JsonNode config, JsonNode credentials) {
        Fields.noOthers(
                config, "config", "startUrl", "sitemapUrl", "maxPages", "maxDepth", "includePaths", "excludePaths");
        String start = Fields.optionalUrl(config, "config.startUrl");
        if (start == null) {
            throw Fields.invalid("config.startUrl is required");
        }
        String sitemap = Fields.optionalUrl(config, "config.sitemapUrl");
        if (sitemap != null && !host(URI.create(sitemap)).equals(host(URI.create(start)))) {
            throw Fields.invalid("config.sitemapUrl must be on the start URL's host");
        }
        guard.checkSetting("config.startUrl", URI.create(start));
        Fields.optionalInt(config, "config.maxPages", 1, 5000);
        Fields.optionalInt(config, "config.maxDepth", 0, 20);
        Fields.optionalStrings(config, "config.includePaths", 50, 512);
        Fields.optionalStrings(config, "config.excludePaths", 50, 512);
        Fields.noOthers(credentials, "credentials");
    }

    @Override
    public Session open(JsonNode config, JsonNode credentials, Known known) throws IOException {
        URI start = URI.create(config.get("startUrl").asText());
        check(start);
        OkHttpClient http = guard.httpClient(connectorsConfig.httpTimeout()).build();
        var crawl = new Crawl(
                http,
                start,
                Fields.text(config, "sitemapUrl"),
                config.path("maxPages").asInt(100),
                config.path("maxDepth").asInt(3),
                Fields.optionalStrings(config, "config.includePaths", 50, 512),
                Fields.optionalStrings(config, "config.excludePaths", 50, 512),
                known);
        return crawl;
    }

    private void check(URI uri) throws SourceException {
        try {
            guard.check(uri);
        } catch (OutboundGuard.RefusedException e) {
            throw SourceException.refused(e);
        }
    }

    static String host(URI u) {
        return (u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT)) + ":" + u.getPort();
    }

    /** One crawl, the run's session: the frontier lives here; {@link #list} hands out pages in batches. */
    @RequiredArgsConstructor
    private final class Crawl implements Session {
        private record Queued(URI url, int depth) {}

        /**
         * A fetched page's answer: a changed body (to send), 304 with the stored version, or why it is not a page to
         * keep ({@code skipped}: a 4xx, an off-host redirect, not HTML).
         */
        private record Answer(
                int status, URI finalUrl, byte[] body, String contentType, String version, String skipped) {
            static Answer notKept(String why) {
                return new Answer(0, null, null, null, null, why);
            }
        }

        private final OkHttpClient http;
        private final URI start;
        private final String sitemap;
        private final int maxPages;
        private final int maxDepth;
        private final List<String> include;
        private final List<String> exclude;
        private final Known known;
        private final ArrayDeque<Queued> frontier = new ArrayDeque<>();
        private final Set<String> enqueued = new LinkedHashSet<>();
        private final Map<String, Content> fetched = new HashMap<>();
        private BaseRobotRules robots;
        private int pages;
        private boolean started;

        @Override
        public Page list(String cursor, Window window) throws IOException {
            if (!started) {
                // a resumed run starts the crawl again: its frontier is not persisted, the listing generation is
                started = true;
                robots = robots();
                offer(start, 0);
                if (sitemap != null) {
                    for (URI u : sitemapUrls(URI.create(sitemap))) {
                        offer(u, 1);
                    }
                }
            }
            fetched.clear();
            List<Item> items = new ArrayList<>();
            while (!frontier.isEmpty() && items.size() < BATCH && pages < maxPages) {
                Queued q = frontier.poll();
                Item item = visit(q);
                if (item != null) {
                    items.add(item);
                    pages++;
                }
            }
            boolean more = !frontier.isEmpty() && pages < maxPages;
            return new Page(items, more ? "page-" + pages : null);
        }

        /** Fetches one page (conditionally); its links join the frontier; null when it is not a page to keep. */
        private Item visit(Queued q) throws IOException {
            String id = q.url().toString();
            Optional<Prior> prior = known.prior(id);
            Answer a;
            try {
                a = get(q.url(), prior.map(Prior::version).orElse(null), true);
            } catch (SourceException e) {
                if (q.depth() == 0) {
                    throw e; // the start page itself: the listing failed (nothing is pruned)
                }
                return null;
            }
            if (a.skipped() != null) {
                if (q.depth() == 0) {
                    // a run that lists nothing would prune every page synced before: a start page that is not there
                    // fails the run instead, so a site that is down or moved keeps what it had
                    throw new SourceException("source_refused", start + " " + a.skipped());
                }
                return null;
            }
            List<String> links;
            if (a.status() == 304) {
                links = prior.map(p -> readLinks(p.memo())).orElse(List.of());
            } else {
                links = a.body().length > maxPageBytes ? List.of() : links(a);
                fetched.put(id, new Content(a.body(), a.contentType(), a.version(), false, writeLinks(links)));
            }
            if (q.depth() < maxDepth) {
                for (String l : links) {
                    offer(URI.create(l), q.depth() + 1);
                }
            }
            long size = a.body() == null ? 0 : a.body().length;
            return new Item(id, a.version(), name(q.url()), id, null, size, Access.unknown());
        }

        @Override
        public Content fetch(Item item, String knownVersion) throws IOException {
            Content c = fetched.get(item.id());
            if (c == null) {
                throw new SourceException("gone", "the page was not fetched in this batch");
            }
            return c;
        }

        private void offer(URI u, int depth) {
            URI url = normalize(u);
            if (url == null || !host(url).equals(host(start)) || !enqueued.add(url.toString())) {
                return;
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (!robots.isAllowed(url.toString())) {
                return;
            }
            if (!include.isEmpty() && include.stream().noneMatch(path::startsWith)) {
                return;
            }
            if (exclude.stream().anyMatch(path::startsWith)) {
                return;
            }
            frontier.add(new Queued(url, depth));
        }

        /** GET with redirects followed by hand (each target re-checked); skipped for a page not to keep. */
        private Answer get(URI url, String priorVersion, boolean htmlOnly) throws IOException {
            URI current = url;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                check(current);
                HttpUrl target = HttpUrl.parse(current.toString());
                if (target == null) {
                    return Answer.notKept("is not an address the crawler can request");
                }
                var req = new Request.Builder().url(target).header("User-Agent", AGENT);
                if (priorVersion != null && hop == 0) {
                    Validators v = Validators.parse(priorVersion);
                    if (v.etag() != null) {
                        req.header("If-None-Match", v.etag());
                    }
                    if (v.lastModified() != null) {
                        req.header("If-Modified-Since", v.lastModified());
                    }
                }
                try (Response res = send(req.build(), current)) {
                    int status = res.code();
                    if (status == 304) {
                        return new Answer(304, current, null, null, priorVersion, null);
                    }
                    if (status >= 300 && status < 400) {
                        String location = res.header("Location");
                        if (location == null) {
                            return Answer.notKept("answered " + status + " without a Location to follow");
                        }
                        current = current.resolve(location);
                        if (!host(current).equals(host(start))) {
                            return Answer.notKept("redirects to another host (" + host(current)
                                    + "): the crawler stays on the start page's host");
                        }
                        continue;
                    }
                    if (status >= 500) {
                        throw new SourceException("source_error", current + " answered " + status);
                    }
                    if (status != 200) {
                        return Answer.notKept("answered " + status);
                    }
                    String type = res.header("Content-Type", "text/html");
                    if (htmlOnly && !type.toLowerCase(Locale.ROOT).contains("html")) {
                        return Answer.notKept("is not an HTML page (" + type + ")");
                    }
                    // a larger page becomes a per-item too_large error
                    byte[] body = res.body().byteStream().readNBytes(maxPageBytes + 1);
                    String etag = res.header("ETag");
                    String lastModified = res.header("Last-Modified");
                    String version = etag == null && lastModified == null
                            ? "sha256:" + Sha256.hex(body)
                            : new Validators(etag, lastModified).format();
                    return new Answer(200, current, body, type, version, null);
                }
            }
            return Answer.notKept("redirects more than " + MAX_REDIRECTS + " times");
        }

        /** One request; a name the guard refuses when the client resolves it is {@code private_address}. */
        private Response send(Request req, URI url) throws SourceException {
            try {
                return http.newCall(req).execute();
            } catch (OutboundGuard.RefusedHost e) {
                throw new SourceException("private_address", e.getMessage());
            } catch (IOException e) {
                throw SourceException.unreachable(url.toString(), e);
            }
        }

        private List<String> links(Answer a) {
            var doc = Jsoup.parse(
                    new String(a.body(), java.nio.charset.StandardCharsets.UTF_8),
                    a.finalUrl().toString());
            var out = new LinkedHashSet<String>();
            for (var el : doc.select("a[href]")) {
                String abs = el.absUrl("href");
                URI u = normalize(abs.isEmpty() ? null : safeUri(abs));
                if (u != null && host(u).equals(host(start))) {
                    out.add(u.toString());
                }
            }
            return List.copyOf(out);
        }

        private BaseRobotRules robots() throws IOException {
            URI robotsUrl = start.resolve("/robots.txt");
            Answer a = null;
            try {
                a = get(robotsUrl, null, false);
            } catch (SourceException e) {
                // robots.txt unreachable: crawl as allowed, as crawlers do for a missing file
            }
            byte[] body = a == null || a.body() == null ? new byte[0] : a.body(); // a skipped robots.txt allows all
            return new SimpleRobotRulesParser()
                    .parseContent(robotsUrl.toString(), body, "text/plain", List.of(AGENT.toLowerCase(Locale.ROOT)));
        }

        private List<URI> sitemapUrls(URI url) throws IOException {
            if (!host(url).equals(host(start))) {
                return List.of();
            }
            check(url);
            HttpUrl target = HttpUrl.parse(url.toString());
            if (target == null) {
                return List.of();
            }
            var req = new Request.Builder()
                    .url(target)
                    .header("User-Agent", AGENT)
                    .build();
            try (Response res = send(req, url)) {
                if (res.code() != 200) {
                    return List.of();
                }
                byte[] body = res.body().byteStream().readNBytes(maxPageBytes * 4);
                AbstractSiteMap map = new SiteMapParser(false).parseSiteMap(body, new URL(url.toString()));
                if (!(map instanceof SiteMap sm)) {
                    return List.of(); // sitemap indexes are not followed (one level is enough for one host)
                }
                var out = new ArrayList<URI>();
                sm.getSiteMapUrls().forEach(s -> out.add(safeUri(s.getUrl().toString())));
                return out.stream().filter(java.util.Objects::nonNull).toList();
            } catch (crawlercommons.sitemaps.UnknownFormatException e) {
                return List.of();
            }
        }

        @Override
        public void close() {
            fetched.clear();
            http.connectionPool().evictAll();
        }
    }

    /** A page's validators as stored in its version: {@code etag} and {@code Last-Modified}, either may be null. */
    record Validators(String etag, String lastModified) {
        String format() {
            return "v1|" + (etag == null ? "" : etag) + "|" + (lastModified == null ? "" : lastModified);
        }

        static Validators parse(String version) {
            if (version == null || !version.startsWith("v1|")) {
                return new Validators(null, null);
            }
            String[] p = version.split("\\|", 3);
            return new Validators(
                    p.length > 1 && !p[1].isEmpty() ? p[1] : null, p.length > 2 && !p[2].isEmpty() ? p[2] : null);
        }
    }

    static URI normalize(URI u) {
        if (u == null || u.getScheme() == null) {
            return null;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        try {
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return new URI(scheme + "://" + u.getRawAuthority() + path
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    static URI safeUri(String s) {
        try {
            return new URI(s);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    static String name(URI u) {
        String path = u.getPath() == null ? "" : u.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? (u.getHost() + path) : last;
    }

    static String writeLinks(List<String> links) {
        try {
            return JSON.writeValueAsString(links);
        } catch (IOException e) {
            return "[]";
        }
    }

    static List<String> readLinks(String memo) {
        if (memo == null) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(memo, String[].class));
        } catch (IOException e) {
            return List.of();
        }
    }
}
