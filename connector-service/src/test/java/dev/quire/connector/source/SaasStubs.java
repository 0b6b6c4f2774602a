package dev.quire.connector.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server on 127.0.0.1 standing in for Confluence, Google (Drive and its OAuth token endpoint) and
 * Microsoft (Graph and the identity platform), speaking their documented wire formats. The operator-level endpoints
 * of Google and Microsoft point at it; Confluence's site URL is a connector's own config. One resource shared by the
 * three SaaS tests, so they share one Quarkus boot.
 */
public class SaasStubs implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    public static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Stubs a GET of {@code path} with the query parameter {@code param=value} that is throttled once (429 with an
     * hour's Retry-After) and answered {@code answer} when asked again.
     */
    public static void throttledOnce(String path, String param, String value, ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlPathEqualTo(path))
                .withQueryParam(param, equalTo(value))
                .inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600"))
                .willSetStateTo("throttled"));
        server.stubFor(get(urlPathEqualTo(path))
                .withQueryParam(param, equalTo(value))
                .inScenario("throttle")
                .whenScenarioStateIs("throttled")
                .willReturn(answer));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of(
                "quire.connectors.google.root-url", base() + "/google/",
                "quire.connectors.google.token-uri", base() + "/google/token",
                "quire.connectors.microsoft.graph-url", base() + "/graph/v1.0",
                "quire.connectors.microsoft.authority-host", base() + "/login/");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
