package dev.quire.connector.source;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
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
