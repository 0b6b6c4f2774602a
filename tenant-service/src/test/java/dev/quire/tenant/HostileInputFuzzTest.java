package dev.quire.tenant;

import dev.quire.platform.testing.Hostile;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every route of this service (see {@link RouteTable}) under generated hostile input (see {@link Hostile}). */
@QuarkusTest
class HostileInputFuzzTest {
    @Test
    void hostileInputNeverGets5xxAndEveryErrorHasABody() throws Exception {
        Hostile.assertEveryRouteClean(Api.signup().token());
    }
}
