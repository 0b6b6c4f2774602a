package dev.quire.chat;

import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What most chat tests start from: the chat socket's URL, the fake retrieval's URL (to {@link Fixtures#seed} it), and
 * a member of a fresh tenant (new for each test instance).
 */
abstract class MemberChat {
    @TestHTTPResource("/ws/chat")
    URI http;

    @Inject
    @ConfigProperty(name = "quarkus.rest-client.retrieval.url")
    String retrieval;

    final UUID tenant = UUID.randomUUID();
    final UUID user = UUID.randomUUID();
    final String member = Tokens.of(tenant, user, "member");

    /** The chat socket as a ws:// URI. */
    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
