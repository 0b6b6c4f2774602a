package dev.quire.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** gateway-service settings: where each service lives and who may open the chat socket from a browser. */
@ConfigMapping(prefix = "quire.gateway")
public interface GatewayConfig {
    Services services();

    /** Browser origins allowed besides the gateway's own (QUIRE_ALLOWED_ORIGINS, comma-separated). */
    Optional<List<String>> allowedOrigins();

    /** Longest an upstream may stay silent (evaluations and long streams need minutes). */
    @WithDefault("300000")
    long upstreamTimeoutMs();

    /** Base URLs of the services behind the gateway. */
    interface Services {
        URI tenant();

        URI ingestion();

        URI retrieval();

        URI chat();

        URI connector();
    }
}
