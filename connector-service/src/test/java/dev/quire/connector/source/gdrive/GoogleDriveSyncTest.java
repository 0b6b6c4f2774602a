package dev.quire.connector.source.gdrive;

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
import static dev.quire.connector.source.SaasApi.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.quire.connector.source.SaasApi;
import dev.quire.connector.source.SaasStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The google-drive type (google-api-services-drive, a service account) against a stub of Drive v3 and Google's
 * OAuth token endpoint: the first run lists files page by page, later runs read only the changes feed from the saved
 * token, deletions arrive through it, on the real PostgreSQL and Kafka.
 */
@QuarkusTest
@WithTestResource(SaasStubs.class)
class GoogleDriveSyncTest {
    private static final String DRIVE = "/google/drive/v3";
    /** Where the SDK sends {@code alt=media} requests (downloads and exports), as Google documents for downloads. */
    private static final String DOWNLOAD = "/google/download/drive/v3";

    private static final String ACCESS_TOKEN = "ya29.stub-" + UUID.randomUUID();

    private final WireMockServer wm = SaasStubs.server();

    @Test
    void driveListsOnceThenFollowsTheChangeFeedIncludingDeletions() throws Exception {
        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo("/google/token"))
                .willReturn(okJson(
                        "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        wm.stubFor(get(urlPathEqualTo(DRIVE + "/changes/startPageToken"))
                .willReturn(okJson("{\"kind\":\"drive#startPageToken\",\"startPageToken\":\"100\"}")));
        wm.stubFor(get(urlPathEqualTo(DRIVE + "/files"))
                .withQueryParam("pageToken", absent())
                .willReturn(okJson(fileList(
                        "p2",
                        file("f1", "Plan", "application/vnd.google-apps.document", 5),
                        file("f2", "Budget.txt", "text/plain", 3)))));
        SaasStubs.throttledOnce(
                DRIVE + "/files",
                "pageToken",
                "p2",
                okJson(fileList(
                        null, file("f3", "Minutes.txt", "text/plain", 1), file("f4", "Broken.txt", "text/plain", 1))));
        wm.stubFor(get(urlPathEqualTo(DOWNLOAD + "/files/f1/export"))
                .withQueryParam("mimeType", equalTo("text/html"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>Plan</h1><p>Count the herons.</p></body></html>")));
        media("f2", "budget: 12 herons");
        media("f3", "minutes of the heron meeting");
        wm.stubFor(get(urlPathEqualTo(DOWNLOAD + "/files/f4"))
                .withQueryParam("alt", equalTo("media"))
                .willReturn(aResponse().withStatus(500)));

        var key = serviceAccountKey();
        try (var api = new SaasApi()) {
            String id = api.create("google-drive", "Team drive", Map.of(), Map.of("serviceAccountKey", key.json()));

            api.firstSyncWithOneBrokenItem(id, "f4");
            wm.verify(2, getRequestedFor(urlPathEqualTo(DRIVE + "/files")).withQueryParam("pageToken", equalTo("p2")));
            // the service account's signed JWT went to the token endpoint, the token it got to Drive
            wm.verify(postRequestedFor(urlPathEqualTo("/google/token"))
                    .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
                    .withRequestBody(containing("assertion=")));
            wm.verify(getRequestedFor(urlPathEqualTo(DOWNLOAD + "/files/f1/export"))
                    .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));

            // second run: only the change feed from the start token; f1 changed, f2 removed
            wm.resetRequests();
            wm.stubFor(get(urlPathEqualTo(DRIVE + "/changes"))
                    .withQueryParam("pageToken", equalTo("100"))
                    .willReturn(okJson("{\"kind\":\"drive#changeList\",\"nextPageToken\":\"101\",\"changes\":["
                            + change("f1", file("f1", "Plan", "application/vnd.google-apps.document", 6)) + "]}")));
            wm.stubFor(get(urlPathEqualTo(DRIVE + "/changes"))
                    .withQueryParam("pageToken", equalTo("101"))
                    .willReturn(okJson("{\"kind\":\"drive#changeList\",\"newStartPageToken\":\"105\",\"changes\":["
                            + "{\"kind\":\"drive#change\",\"changeType\":\"file\",\"fileId\":\"f2\",\"removed\":true,"
                            + "\"time\":\"2026-12-02T10:00:00.000Z\"}]}")));
            var second = api.sync(id, false);
            assertEquals("SUCCEEDED", second.get("status"), second.toString());
            assertEquals(Map.of("seen", 1, "added", 0, "updated", 1, "deleted", 1, "failed", 0), counts(second));
            wm.verify(0, getRequestedFor(urlPathEqualTo(DRIVE + "/files")));
            wm.verify(0, getRequestedFor(urlPathEqualTo(DOWNLOAD + "/files/f3")));
            wm.verify(1, getRequestedFor(urlPathEqualTo(DOWNLOAD + "/files/f1/export")));

            // third run: from the newStartPageToken the second run saved; nothing changed
            wm.resetRequests();
            wm.stubFor(get(urlPathEqualTo(DRIVE + "/changes"))
                    .withQueryParam("pageToken", equalTo("105"))
                    .willReturn(
                            okJson("{\"kind\":\"drive#changeList\",\"newStartPageToken\":\"105\",\"changes\":[]}")));
            var third = api.sync(id, false);
            assertEquals("SUCCEEDED", third.get("status"), third.toString());
            assertEquals(0, counts(third).get("seen"));
            wm.verify(
                    1, getRequestedFor(urlPathEqualTo(DRIVE + "/changes")).withQueryParam("pageToken", equalTo("105")));

            for (String text : api.everything(id)) {
                assertFalse(text.contains(key.secretPart()), "the private key leaked: " + text);
                assertFalse(text.contains(ACCESS_TOKEN), "the access token leaked: " + text);
            }
        }
    }

    private void media(String id, String text) {
        wm.stubFor(get(urlPathEqualTo(DOWNLOAD + "/files/" + id))
                .withQueryParam("alt", equalTo("media"))
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(text)));
    }

    private static String fileList(String next, String... files) {
        return "{\"kind\":\"drive#fileList\"," + (next == null ? "" : "\"nextPageToken\":\"" + next + "\",")
                + "\"incompleteSearch\":false,\"files\":[" + String.join(",", files) + "]}";
    }

    private static String file(String id, String name, String mime, int version) {
        return "{\"kind\":\"drive#file\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"mimeType\":\"" + mime
                + "\",\"version\":\"" + version + "\",\"modifiedTime\":\"2026-12-01T09:00:00.000Z\","
                + "\"webViewLink\":\"https://drive.google.com/file/d/" + id + "/view\",\"trashed\":false,"
                + "\"permissions\":[{\"kind\":\"drive#permission\",\"type\":\"user\",\"role\":\"reader\","
                + "\"emailAddress\":\"ana@example.com\"}]}";
    }

    private static String change(String id, String file) {
        return "{\"kind\":\"drive#change\",\"changeType\":\"file\",\"fileId\":\"" + id
                + "\",\"removed\":false,\"time\":\"2026-12-02T10:00:00.000Z\",\"file\":" + file + "}";
    }

    private record Key(String json, String secretPart) {}

    /** A real RSA key in a service account key file's shape (so the library signs a real JWT with it). */
    private static Key serviceAccountKey() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(gen.generateKeyPair().getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
        var m = new LinkedHashMap<String, String>();
        m.put("type", "service_account");
        m.put("project_id", "quire-test");
        m.put("private_key_id", "k1");
        m.put("private_key", pem);
        m.put("client_email", "quire-sync@quire-test.iam.gserviceaccount.com");
        m.put("client_id", "1234567890");
        m.put("token_uri", "https://oauth2.googleapis.com/token");
        return new Key(new ObjectMapper().writeValueAsString(m), b64.substring(100, 164));
    }
}
