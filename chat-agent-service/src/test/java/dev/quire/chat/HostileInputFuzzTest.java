package dev.quire.chat;

import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every route of this service (see {@link RouteTable}) under generated hostile input (see {@link Hostile}). */
@QuarkusTest
class HostileInputFuzzTest {
    @Test
    void hostileInputNeverGets5xxAndEveryErrorHasABody() throws Exception {
        Hostile.assertEveryRouteClean(Tokens.of(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "owner"));
    }
}
