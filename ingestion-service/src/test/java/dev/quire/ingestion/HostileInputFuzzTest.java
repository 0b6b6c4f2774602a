package dev.quire.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every route of this service (see {@link RouteTable}) under generated hostile input (see {@link Hostile}). */
@QuarkusTest
class HostileInputFuzzTest {

    private static String token() {
        return Tokens.of(java.util.UUID.randomUUID(), "owner");
    }

    @Test
    void hostileInputNeverGets5xxAndEveryErrorHasABody() throws Exception {
        var sweep = Hostile.sweep(token());
        assertTrue(!sweep.routes().isEmpty(), "the route table is derived from the resources");
        System.out.println(sweep + ": " + sweep.routes());
        assertEquals(List.of(), sweep.wrong(), sweep.toString());
    }
}
