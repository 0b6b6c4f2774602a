package dev.quire.connector.source.sharepoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.quire.connector.config.TestConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Graph download's 302 is followed only to an address the outbound guard allows: with private networks off, a
 * redirect to a loopback name is refused before anything is sent there. (The operator's Graph endpoint — the stub on
 * 127.0.0.1 — is let through by the guard here; in production it is Graph's public host.)
 */
class SharePointRedirectGuardTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void downloadRedirectToAPrivateAddressIsRefused() throws Exception {
        String base = "http://127.0.0.1:" + wm.port();
        wm.stubFor(post(urlPathMatching("/login/.*/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"t\"}")));
        wm.stubFor(get(urlPathEqualTo("/graph/v1.0/drives/d1/items/f1/content"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "http://localhost:" + wm.port() + "/internal/secret")));
        wm.stubFor(
                get(urlPathEqualTo("/internal/secret")).willReturn(aResponse().withBody("not for tenants")));
        // private networks off; only the operator's configured Graph and login endpoint (the stub) is let through
        var guard = new OutboundGuard(false) {
            @Override
            public void check(URI uri) {
                if (!"127.0.0.1".equals(uri.getHost())) {
                    super.check(uri);
                }
            }
        };
        var json = new ObjectMapper();
        var source = new SharePointSource(
                guard,
                json,
                TestConnectorsConfig.of(Map.of(
                        "quire.connectors.microsoft.graph-url", base + "/graph/v1.0",
                        "quire.connectors.microsoft.authority-host", base + "/login/",
                        "quire.connectors.http-timeout", "PT5S",
                        "quire.connectors.max-retry-after", "PT1S",
                        "quire.connectors.max-item-bytes", "655360")));
        var config = json.readTree("{\"tenantId\":\"contoso.onmicrosoft.com\",\"driveId\":\"d1\"}");
        var credentials = json.readTree("{\"clientId\":\"c\",\"clientSecret\":\"s\"}");
        try (var session = source.open(config, credentials, id -> Optional.empty())) {
            var item = new SourceConnector.Item("f1", "v1", "f1.txt", null, null, 10, Access.unknown());
            var e = assertThrows(SourceConnector.SourceException.class, () -> session.fetch(item, null));
            assertEquals("private_address", e.code());
            assertTrue(
                    e.getMessage().contains("unless the operator of this installation allows private networks"),
                    e.getMessage());
        }
        // Graph itself was asked (positive control), the redirect's target never
        wm.verify(1, getRequestedFor(urlPathEqualTo("/graph/v1.0/drives/d1/items/f1/content")));
        wm.verify(0, anyRequestedFor(urlPathEqualTo("/internal/secret")));
    }
}
