package dev.quire.connector.source.sharepoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.quire.connector.source.SaasApi.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.quire.connector.source.SaasApi;
import dev.quire.connector.source.SaasStubs;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The sharepoint type (Microsoft Graph's Java SDK, app-only) against a stub of Graph v1.0 and the identity platform's
 * token endpoint: the client-credentials grant, a drive's delta feed paged by {@code @odata.nextLink}, its
 * {@code @odata.deltaLink} kept as the next run's checkpoint, deleted facets, downloads through a 302, throttling,
 * a failing file, and Graph's 410 on an old token, on the real PostgreSQL and Kafka.
 */
@QuarkusTest
@WithTestResource(SaasStubs.class)
class SharePointSyncTest {
    private static final String GRAPH = "/graph/v1.0";
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String TOKEN_PATH = "/login/" + TENANT + "/oauth2/v2.0/token";
    private static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
    private static final String SECRET = "Qx8~sp-secret-" + UUID.randomUUID();
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1Qi.stub-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer wm = SaasStubs.server();

    @Test
    void driveSyncsOnceThenOnlyItsDeltaAndResyncsWhenGraphAnswers410() throws Exception {
        String drive = "drv" + UUID.randomUUID().toString().substring(0, 8);
        String delta = GRAPH + "/drives/" + drive + "/root/delta";
        wm.resetAll();
        stubToken();
        // first run: the feed from the start, two pages; the second is throttled once with an hour's Retry-After
        stubDelta(
                delta,
                null,
                delta + "?token=p2",
                null,
                rootItem(),
                file("f1", "Plan.txt", 1),
                file("f2", "Budget.txt", 1));
        SaasStubs.throttledOnce(
                delta,
                "token",
                "p2",
                okJson(deltaPage(
                        null, delta + "?token=d1", file("f3", "Minutes.txt", 1), file("f4", "Broken.txt", 1))));
        content(drive, "f1", "the plan: count the herons");
        content(drive, "f2", "budget: 12 herons");
        content(drive, "f3", "minutes of the heron meeting");
        wm.stubFor(get(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/f4/content"))
                .willReturn(aResponse().withStatus(500)));

        try (var api = new SaasApi();
                KafkaConsumer<String, String> records =
                        TestKafka.subscribed(bootstrap(), TestKafka.topic("connector.item"))) {
            String id = api.create(
                    "sharepoint",
                    "Engineering library",
                    Map.of("tenantId", TENANT, "driveId", drive),
                    Map.of("clientId", CLIENT_ID, "clientSecret", SECRET));

            var error = api.firstSyncWithOneBrokenItem(id, "f4");
            assertEquals("Broken.txt", error.get("name"));
            assertEquals("source_error", error.get("code"));
            // the throttled page was asked again (the hour clamped); the client-credentials grant went to the tenant's
            // token endpoint and its token to Graph, never to the download host the 302 named
            wm.verify(2, getRequestedFor(urlPathEqualTo(delta)).withQueryParam("token", equalTo("p2")));
            wm.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                    .withRequestBody(containing("grant_type=client_credentials"))
                    .withRequestBody(containing("client_id=" + CLIENT_ID))
                    .withRequestBody(containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")));
            wm.verify(getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/f1/content"))
                    .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
            wm.verify(getRequestedFor(urlPathEqualTo("/download/" + drive + "/f1"))
                    .withHeader("Authorization", absent()));

            // second run: only the changes after the saved deltaLink; f1 changed, f2 deleted
            wm.resetRequests();
            stubDelta(
                    delta,
                    "d1",
                    delta + "?token=d1b",
                    null,
                    file("f1", "Plan.txt", 2),
                    "{\"id\":\"f2\",\"name\":\"Budget.txt\",\"deleted\":{\"state\":\"deleted\"},"
                            + "\"parentReference\":{\"driveId\":\"" + drive + "\",\"id\":\"root-id\"}}");
            stubDelta(delta, "d1b", null, delta + "?token=d2");
            content(drive, "f1", "the plan, revised: count the herons twice");
            var second = api.sync(id, false);
            assertEquals("SUCCEEDED", second.get("status"), second.toString());
            assertEquals(Map.of("seen", 1, "added", 0, "updated", 1, "deleted", 1, "failed", 0), counts(second));
            wm.verify(0, getRequestedFor(urlPathEqualTo(delta)).withQueryParam("token", absent()));
            wm.verify(1, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/f1/content")));
            wm.verify(0, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/f3/content")));

            // third run: Graph answers 410 resyncRequired on the saved token → the whole feed again, then pruning:
            // f3 is gone without a deletion having been reported, f5 is new, unchanged f1 is not fetched
            wm.resetRequests();
            wm.stubFor(get(urlPathEqualTo(delta))
                    .withQueryParam("token", equalTo("d2"))
                    .willReturn(aResponse()
                            .withStatus(410)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"code\":\"resyncRequired\",\"message\":\"Resync required."
                                    + " Replace any local items with the server's version (including deletes)\"}}")));
            stubDelta(
                    delta,
                    null,
                    null,
                    delta + "?token=d3",
                    rootItem(),
                    file("f1", "Plan.txt", 2),
                    file("f5", "New.txt", 1));
            content(drive, "f5", "a new heron sighting");
            var third = api.sync(id, false);
            assertEquals("SUCCEEDED", third.get("status"), third.toString());
            assertEquals(Map.of("seen", 2, "added", 1, "updated", 0, "deleted", 1, "failed", 0), counts(third));
            wm.verify(1, getRequestedFor(urlPathEqualTo(delta)).withQueryParam("token", equalTo("d2")));
            wm.verify(0, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/f1/content")));

            // fourth run: from the deltaLink the resync saved; nothing changed
            wm.resetRequests();
            stubDelta(delta, "d3", null, delta + "?token=d3");
            var fourth = api.sync(id, false);
            assertEquals("SUCCEEDED", fourth.get("status"), fourth.toString());
            assertEquals(0, counts(fourth).get("seen"));
            wm.verify(1, getRequestedFor(urlPathEqualTo(delta)).withQueryParam("token", equalTo("d3")));

            // what went to ingestion (keyed by document, so ordered per document only): f1, f2, f3; f1 again; f2
            // deleted; f5; f3 deleted — one document per item, and never the secret
            List<JsonNode> sent = drain(records, id, 7);
            assertEquals(
                    List.of("f1:false", "f1:false", "f2:false", "f2:true", "f3:false", "f3:true", "f5:false"),
                    sent.stream()
                            .map(r -> r.get("itemId").asText() + ":"
                                    + r.get("deleted").asBoolean())
                            .sorted()
                            .toList());
            assertEquals(
                    4,
                    sent.stream()
                            .map(r -> r.get("documentId").asText())
                            .distinct()
                            .count());
            JsonNode f1 = sent.stream()
                    .filter(r -> r.get("itemId").asText().equals("f1"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("sharepoint", f1.get("connectorType").asText());
            assertEquals("text/plain", f1.get("contentType").asText());
            assertEquals("\"c:{f1},1\"", f1.get("itemVersion").asText());
            for (JsonNode r : sent) {
                assertFalse(r.toString().contains(SECRET), "the client secret reached Kafka: " + r);
                assertFalse(r.toString().contains(ACCESS_TOKEN), "the access token reached Kafka: " + r);
            }
            for (String text : api.everything(id)) {
                assertFalse(text.contains(SECRET), "the client secret leaked: " + text);
                assertFalse(text.contains(ACCESS_TOKEN), "the access token leaked: " + text);
            }
        }
    }

    @Test
    void siteUsesItsDefaultDriveAndFolderPathKeepsOnlyThatFolder() {
        String site = "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-"
                + UUID.randomUUID().toString().substring(0, 12);
        String drive = "drv" + UUID.randomUUID().toString().substring(0, 8);
        String delta = GRAPH + "/drives/" + drive + "/root/delta";
        wm.resetAll();
        stubToken();
        wm.stubFor(get(urlPathMatching(GRAPH + "/sites/contoso\\.sharepoint\\.com(,|%2C).*/drive"))
                .willReturn(
                        okJson("{\"id\":\"" + drive + "\",\"driveType\":\"documentLibrary\",\"name\":\"Documents\"}")));
        wm.stubFor(get(urlPathEqualTo(GRAPH + "/drives/" + drive + "/root:/Policies:"))
                .willReturn(okJson("{\"id\":\"pol\",\"name\":\"Policies\",\"folder\":{\"childCount\":2},"
                        + "\"parentReference\":{\"driveId\":\"" + drive + "\",\"id\":\"root-id\","
                        + "\"path\":\"/drives/" + drive + "/root:\"}}")));
        stubDelta(
                delta,
                null,
                null,
                delta + "?token=s1",
                rootItem(),
                folder("pol", "Policies", "root-id"),
                folder("sub", "2026", "pol"),
                folder("misc", "Misc", "root-id"),
                file("a", "Travel.txt", 1, "sub"),
                file("b", "Lunch.txt", 1, "misc"),
                file("c", "Leave.txt", 1, "pol"));
        content(drive, "a", "travel policy");
        content(drive, "c", "leave policy");

        try (var api = new SaasApi()) {
            String id = api.create(
                    "sharepoint",
                    "Policies",
                    Map.of("tenantId", TENANT, "siteId", site, "folderPath", "/Policies"),
                    Map.of("clientId", CLIENT_ID, "clientSecret", SECRET));
            var first = api.sync(id, false);
            assertEquals("SUCCEEDED", first.get("status"), first.toString());
            assertEquals(Map.of("seen", 2, "added", 2, "updated", 0, "deleted", 0, "failed", 0), counts(first));
            wm.verify(0, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/b/content")));

            // a change run: a file in a folder the feed does not show is looked up once; a moved-out file goes
            stubDelta(
                    delta,
                    "s1",
                    null,
                    delta + "?token=s2",
                    file("d", "Remote.txt", 1, "deep"),
                    file("e", "Other.txt", 1, "elsewhere"),
                    file("a", "Travel.txt", 1, "misc"));
            itemWithParent(drive, "deep", "sub");
            itemWithParent(drive, "elsewhere", "root-id");
            itemWithParent(drive, "sub", "pol");
            itemWithParent(drive, "misc", "root-id");
            wm.stubFor(get(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/root-id"))
                    .willReturn(okJson(
                            "{\"id\":\"root-id\",\"root\":{},\"parentReference\":{\"driveId\":\"" + drive + "\"}}")));
            content(drive, "d", "remote work policy");
            var second = api.sync(id, false);
            assertEquals("SUCCEEDED", second.get("status"), second.toString());
            assertEquals(Map.of("seen", 1, "added", 1, "updated", 0, "deleted", 1, "failed", 0), counts(second));
            wm.verify(1, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/deep")));
            wm.verify(0, getRequestedFor(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/e/content")));
        }
    }

    @Test
    void configNeedsOneOfSiteAndDriveAndASafeTenant() {
        try (var api = new SaasApi()) {
            var types = api.get("/api/v1/connector-types");
            types.then().statusCode(200);
            Map<String, Object> sp = types.jsonPath().getMap("items.find { it.type == 'sharepoint' }");
            assertEquals(true, types.jsonPath().get("items.find { it.type == 'sharepoint' }.capabilities.changeFeed"));
            assertEquals(
                    true,
                    types.jsonPath()
                            .get("items.find { it.type == 'sharepoint' }"
                                    + ".schema.properties.credentials.properties.clientSecret.writeOnly"),
                    String.valueOf(sp));
            for (var config : List.<Map<String, Object>>of(
                    Map.of("tenantId", TENANT),
                    Map.of("tenantId", TENANT, "siteId", "s", "driveId", "d"),
                    Map.of("tenantId", "evil/../../x", "driveId", "d"),
                    Map.of("tenantId", TENANT, "driveId", "d", "folderPath", "/a/../../b"))) {
                var r = io.restassured.RestAssured.given()
                        .auth()
                        .oauth2(Tokens.of(UUID.randomUUID(), "admin"))
                        .contentType("application/json")
                        .body(Map.of(
                                "type",
                                "sharepoint",
                                "name",
                                "bad",
                                "knowledgeBaseId",
                                UUID.randomUUID().toString(),
                                "config",
                                config,
                                "credentials",
                                Map.of("clientId", CLIENT_ID, "clientSecret", SECRET)))
                        .post("/api/v1/connectors");
                assertEquals(400, r.statusCode(), config + " " + r.asString());
                assertEquals("validation_failed", r.jsonPath().getString("code"));
                assertFalse(r.asString().contains(SECRET));
            }
        }
    }

    /** Graph's delta feed answers one page to the saved {@code token} (null: a request from the feed's start). */
    private void stubDelta(String delta, String token, String next, String deltaLink, String... items) {
        wm.stubFor(get(urlPathEqualTo(delta))
                .withQueryParam("token", token == null ? absent() : equalTo(token))
                .willReturn(okJson(deltaPage(next, deltaLink, items))));
    }

    private void stubToken() {
        wm.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("client_secret="))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
    }

    /** Graph answers a download with a 302 to a short-lived URL on another host, as documented. */
    private void content(String drive, String item, String text) {
        wm.stubFor(get(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/" + item + "/content"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader(
                                "Location",
                                "http://localhost:" + wm.port() + "/download/" + drive + "/" + item + "?tempauth=x")));
        wm.stubFor(get(urlPathEqualTo("/download/" + drive + "/" + item))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/octet-stream")
                        .withBody(text)));
    }

    /** Graph answers a lookup of an item (a folder the feed did not show) with its parent's id. */
    private void itemWithParent(String drive, String item, String parent) {
        wm.stubFor(get(urlPathEqualTo(GRAPH + "/drives/" + drive + "/items/" + item))
                .willReturn(okJson("{\"id\":\"" + item + "\",\"parentReference\":{\"driveId\":\"" + drive
                        + "\",\"id\":\"" + parent + "\"}}")));
    }

    private static String deltaPage(String next, String deltaLink, String... items) {
        return "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Collection(driveItem)\","
                + (next == null ? "" : "\"@odata.nextLink\":\"" + SaasStubs.base() + next + "\",")
                + (deltaLink == null ? "" : "\"@odata.deltaLink\":\"" + SaasStubs.base() + deltaLink + "\",")
                + "\"value\":[" + String.join(",", items) + "]}";
    }

    private static String rootItem() {
        return "{\"id\":\"root-id\",\"name\":\"root\",\"root\":{},\"folder\":{\"childCount\":3},"
                + "\"createdDateTime\":\"2026-01-01T00:00:00Z\",\"lastModifiedDateTime\":\"2026-12-01T09:00:00Z\"}";
    }

    private static String folder(String id, String name, String parent) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"folder\":{\"childCount\":1},"
                + "\"parentReference\":{\"driveType\":\"documentLibrary\",\"id\":\"" + parent + "\"}}";
    }

    private static String file(String id, String name, int version) {
        return file(id, name, version, "root-id");
    }

    private static String file(String id, String name, int version, String parent) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"eTag\":\"\\\"{" + id + "},"
                + (version + 1) + "\\\"\",\"cTag\":\"\\\"c:{" + id + "}," + version + "\\\"\",\"size\":24,"
                + "\"createdDateTime\":\"2026-11-01T09:00:00Z\",\"lastModifiedDateTime\":\"2026-12-0" + version
                + "T09:00:00Z\",\"webUrl\":\"https://contoso.sharepoint.com/sites/eng/Shared%20Documents/" + name
                + "\",\"file\":{\"mimeType\":\"text/plain\",\"hashes\":{\"quickXorHash\":\"AAAA" + version + "=\"}},"
                + "\"parentReference\":{\"driveType\":\"documentLibrary\",\"id\":\"" + parent + "\"}}";
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** The next {@code n} records of this connector, in the order they were sent. */
    private static List<JsonNode> drain(KafkaConsumer<String, String> consumer, String connector, int n)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long end = System.currentTimeMillis() + 60_000;
        while (out.size() < n && System.currentTimeMillis() < end) {
            for (var rec : consumer.poll(Duration.ofMillis(500))) {
                JsonNode r = JSON.readTree(rec.value());
                if (connector.equals(r.get("connectorId").asText())) {
                    out.add(r);
                }
            }
        }
        assertEquals(n, out.size(), "records of connector " + connector);
        assertTrue(out.stream().allMatch(r -> r.has("itemId")));
        return out;
    }
}
