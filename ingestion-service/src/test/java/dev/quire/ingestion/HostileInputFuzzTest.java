package dev.quire.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.RouteTable;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
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
        var routes = RouteTable.routes();
        assertTrue(!routes.isEmpty(), "the route table is derived from the resources: " + routes);
        String token = token();
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (var route : routes) {
            for (var c : Hostile.cases(route, token)) {
                sent++;
                String problem = Hostile.check(c);
                if (problem != null) {
                    wrong.add(route + " [" + c.what() + "]: " + problem);
                }
            }
        }
        System.out.println(sent + " hostile requests over " + routes.size() + " routes: " + routes);
        assertEquals(List.of(), wrong, sent + " hostile requests over " + routes.size() + " routes");
    }
}
