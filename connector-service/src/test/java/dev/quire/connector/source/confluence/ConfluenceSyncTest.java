package dev.quire.connector.source.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.quire.connector.source.SaasApi.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.quire.connector.source.SaasApi;
import dev.quire.connector.source.SaasStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The confluence type against a stub of Confluence Cloud's REST v1 (content search with CQL, cursor paging through
 * {@code _links.next}, page bodies in storage format, attachment downloads), on the real PostgreSQL and Kafka.
 */
@QuarkusTest
@WithTestResource(SaasStubs.class)
class ConfluenceSyncTest {
    private static final String EMAIL = "bot@example.com";
    private static final String TOKEN = "ATATT-confluence-" + UUID.randomUUID();

    private final WireMockServer wm = SaasStubs.server();
    private final String site = "/site-" + UUID.randomUUID().toString().substring(0, 8);
    private final String wiki = site + "/wiki";

    @Test
    void spaceSyncsPagesAndAttachmentsIncrementallyAndPrunesOnAFullRun() {
        wm.resetAll();
        // first run: no window, two pages of results; the second page is throttled once with an hour's Retry-After
        stubSearch(
                "type in (page, attachment) and space in (\"ENG\") order by lastmodified asc",
                null,
                5,
                results(page("101", "Runbook", 1), attachment("att201", "101", "notes.txt", 1)),
                "/rest/api/content/search?cql=next&limit=2&cursor=c2");
        SaasStubs.throttledOnce(
                wiki + "/rest/api/content/search",
                "cursor",
                "c2",
                okJson(searchJson(results(page("102", "Onboarding", 1), page("103", "Broken", 1)), null)));
        stubBody("101", "Runbook", 1, "<p>Restart the heron service with care.</p>");
        stubBody("102", "Onboarding", 1, "<p>Welcome aboard.</p>");
        wm.stubFor(get(urlPathEqualTo(wiki + "/rest/api/content/103"))
                .willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlPathEqualTo(wiki + "/download/attachments/101/notes.txt"))
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody("attached heron notes")));

        try (var api = new SaasApi()) {
            String id = api.create(
                    "confluence",
                    "Engineering wiki",
                    Map.of("baseUrl", SaasStubs.base() + site, "spaces", List.of("ENG")),
                    Map.of("email", EMAIL, "apiToken", TOKEN));

            assertEquals(
                    "source_error", api.firstSyncWithOneBrokenItem(id, "103").get("code"));
            // the throttled page was asked again (the hour-long Retry-After clamped), and basic auth was sent
            wm.verify(
                    2,
                    getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/search"))
                            .withQueryParam("cursor", equalTo("c2")));
            wm.verify(getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/101"))
                    .withHeader(
                            "Authorization",
                            equalTo("Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)))));

            // second run: CQL on lastmodified; only the changed page is fetched
            wm.resetRequests();
            stubSearch(
                    null,
                    "lastmodified >= ",
                    1,
                    results(page("101", "Runbook", 1), page("102", "Onboarding", 2)),
                    null);
            stubBody("102", "Onboarding", 2, "<p>Welcome aboard, revised.</p>");
            var second = api.sync(id, false);
            assertEquals("SUCCEEDED", second.get("status"), second.toString());
            assertEquals(Map.of("seen", 2, "added", 0, "updated", 1, "deleted", 0, "failed", 0), counts(second));
            wm.verify(
                    1,
                    getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/search"))
                            .withQueryParam("cql", containing("lastmodified >= ")));
            wm.verify(0, getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/101")));
            wm.verify(1, getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/102")));

            // a full run lists everything: the page and the attachment no longer there are deleted
            wm.resetAll();
            stubSearch(
                    "type in (page, attachment) and space in (\"ENG\") order by lastmodified asc",
                    null,
                    5,
                    results(page("101", "Runbook", 1)),
                    null);
            var full = api.sync(id, true);
            assertEquals("SUCCEEDED", full.get("status"), full.toString());
            assertEquals(2, counts(full).get("deleted"));
            assertEquals(0, counts(full).get("added"));
            wm.verify(0, getRequestedFor(urlPathEqualTo(wiki + "/rest/api/content/101")));

            for (String text : api.everything(id)) {
                assertFalse(text.contains(TOKEN), "the API token leaked: " + text);
            }
        }
    }

    private void stubSearch(String exactCql, String cqlContains, int priority, String results, String next) {
        var m = get(urlPathEqualTo(wiki + "/rest/api/content/search"));
        if (exactCql != null) {
            m = m.withQueryParam("cql", equalTo(exactCql));
        } else {
            m = m.withQueryParam("cql", containing(cqlContains));
        }
        wm.stubFor(m.atPriority(priority).willReturn(okJson(searchJson(results, next))));
    }

    private void stubBody(String id, String title, int version, String storage) {
        wm.stubFor(get(urlPathEqualTo(wiki + "/rest/api/content/" + id))
                .withQueryParam("expand", equalTo("body.storage,version"))
                .willReturn(okJson("{\"id\":\"" + id + "\",\"type\":\"page\",\"status\":\"current\",\"title\":\""
                        + title + "\",\"version\":{\"number\":" + version
                        + ",\"when\":\"2026-12-01T09:00:00.000Z\"},\"body\":{\"storage\":{\"value\":\""
                        + storage.replace("\"", "\\\"") + "\",\"representation\":\"storage\"}}}")));
    }

    private static String results(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    private static String searchJson(String results, String next) {
        int size = results.split("\"id\"").length - 1;
        return "{\"results\":" + results + ",\"start\":0,\"limit\":2,\"size\":" + size + ",\"_links\":{"
                + (next == null ? "" : "\"next\":\"" + next + "\",")
                + "\"base\":\"https://example.atlassian.net/wiki\",\"context\":\"/wiki\"}}";
    }

    private static String page(String id, String title, int version) {
        return "{\"id\":\"" + id + "\",\"type\":\"page\",\"status\":\"current\",\"title\":\"" + title
                + "\",\"space\":{\"key\":\"ENG\"},\"version\":{\"number\":" + version
                + ",\"when\":\"2026-12-01T09:00:00.000Z\"},\"_links\":{\"webui\":\"/spaces/ENG/pages/" + id
                + "\",\"self\":\"https://example.atlassian.net/wiki/rest/api/content/" + id + "\"}}";
    }

    private static String attachment(String id, String containerId, String file, int version) {
        return "{\"id\":\"" + id + "\",\"type\":\"attachment\",\"status\":\"current\",\"title\":\"" + file
                + "\",\"version\":{\"number\":" + version + ",\"when\":\"2026-12-01T09:00:00.000Z\"},"
                + "\"extensions\":{\"mediaType\":\"text/plain\",\"fileSize\":20},"
                + "\"_links\":{\"webui\":\"/pages/viewpageattachments.action?pageId=" + containerId + "\","
                + "\"download\":\"/download/attachments/" + containerId + "/" + file + "?version=" + version
                + "&api=v2\"}}";
    }
}
