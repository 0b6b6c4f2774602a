package dev.quire.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.quire.gateway.tenants.TenantDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request stays on the event loop that received it: cached answers must not pull it over to the loop that first
 * asked for them (each crossing is two thread wake-ups, the gateway's latency tail on a small machine).
 */
@QuarkusTest
class EventLoopAffinityTest {
    private static StandIns.Upstream tenantService;

    @Inject
    TenantDirectory directory;

    @Inject
    Vertx vertx;

    /** A stand-in for tenant-service's internal directory that knows no tenant (an answer the directory caches). */
    @BeforeAll
    static void startTenantService() throws Exception {
        tenantService =
                StandIns.start(18182, req -> req.response().setStatusCode(404).end("{}"));
    }

    @AfterAll
    static void stop() {
        tenantService.close();
    }

    @Test
    void aCachedTenantContinuesOnTheEventLoopThatAsks() throws Exception {
        UUID tenant = UUID.randomUUID();
        // event-loop contexts are handed out round robin over the loops
        Context first = ((VertxInternal) vertx).createEventLoopContext();
        Context second = ((VertxInternal) vertx).createEventLoopContext();
        for (int i = 0; i < 16 && loop(second) == loop(first); i++) {
            second = ((VertxInternal) vertx).createEventLoopContext();
        }
        assertNotEquals(loop(first), loop(second), "two event loops to ask from");

        var cachedBy = new CompletableFuture<String>();
        first.runOnContext(v -> directory.get(tenant).onComplete(r -> {
            if (r.failed()) {
                cachedBy.completeExceptionally(r.cause());
            } else {
                cachedBy.complete(Thread.currentThread().getName());
            }
        }));
        String firstThread = cachedBy.get(10, TimeUnit.SECONDS);

        var asked = new CompletableFuture<String[]>();
        second.runOnContext(v -> {
            String caller = Thread.currentThread().getName();
            directory
                    .get(tenant)
                    .onComplete(r -> asked.complete(
                            new String[] {caller, Thread.currentThread().getName()}));
        });
        String[] threads = asked.get(10, TimeUnit.SECONDS);
        assertNotEquals(firstThread, threads[0]);
        assertEquals(threads[0], threads[1], "the cached answer continued on " + threads[1]);
    }

    private static Object loop(Context c) {
        return ((ContextInternal) c).nettyEventLoop();
    }
}
