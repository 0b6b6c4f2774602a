package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token budgets hold under concurrency: 100 chats at once against a budget that allows 30 reservations — each
 * turn reserves before it starts, so what is settled afterwards can never exceed the budget.
 */
class TokenBudgetIT {
    /** The gateway's prompt allowance (quire.gateway.limits.prompt-reserve-tokens) plus the turn's maxTokens. */
    private static final long RESERVATION = 3000 + 100;

    private static final long BUDGET = 30 * RESERVATION;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
    }

    @Test
    void hundredConcurrentChatsNeverSpendMoreThanTheBudget() throws Exception {
        String admin = Platform.adminToken();
        var t = Platform.tenant(admin, "Budgeted", "pro");
        Platform.limits(
                admin,
                t.id(),
                Map.of(
                        "tokensPerMinute",
                        BUDGET,
                        "tokensPerDay",
                        BUDGET,
                        "concurrentStreams",
                        200,
                        "requestsPerMinute",
                        100000));
        await().atMost(Duration.ofSeconds(5)).until(() -> given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/tenant")
                .then()
                .extract()
                .path("limits.tokensPerDay")
                .toString()
                .equals(Long.toString(BUDGET)));
        var conversations = new ArrayList<String>();
        for (int i = 0; i < 100; i++) {
            conversations.add(Chats.conversation(t.ownerToken(), "c" + i));
        }
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        var start = new CountDownLatch(1);
        var jobs = new ArrayList<Future<HttpResponse<String>>>();
        for (String id : conversations) {
            jobs.add(pool.submit(() -> {
                start.await();
                return http.send(
                        HttpRequest.newBuilder(
                                        URI.create(RestAssured.baseURI + "/api/v1/conversations/" + id + "/messages"))
                                .header("Authorization", "Bearer " + t.ownerToken())
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"content\":\"What do the documents say about budgets?\",\"maxTokens\":100}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            }));
        }
        start.countDown();
        int admitted = 0;
        int refused = 0;
        List<Integer> other = new ArrayList<>();
        for (var j : jobs) {
            var r = j.get();
            if (r.statusCode() == 200) {
                admitted++;
            } else if (r.statusCode() == 429) {
                refused++;
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                assertTrue(r.body().contains("quota_exceeded") || r.body().contains("rate_limited"), r.body());
            } else {
                other.add(r.statusCode());
            }
        }
        pool.shutdown();
        assertEquals(List.of(), other, "only answers and refusals");
        assertTrue(admitted >= 1 && refused >= 1, "admitted " + admitted + ", refused " + refused);
        // every admitted turn reports its usage; the ledger receives it through usage.recorded
        long[] spent = new long[1];
        int turns = admitted;
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    var totals = given().auth()
                            .oauth2(t.ownerToken())
                            .get("/api/v1/usage")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    spent[0] = totals.getLong("totals.promptTokens") + totals.getLong("totals.completionTokens");
                    return spent[0] > 0 && turns > 0;
                });
        Thread.sleep(3000); // late usage records would only add to the total
        var totals = given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/usage")
                .then()
                .extract()
                .jsonPath();
        spent[0] = totals.getLong("totals.promptTokens") + totals.getLong("totals.completionTokens");
        System.out.printf(
                "[budget] 100 concurrent chats: %d admitted, %d refused; settled usage %d of a budget of %d%n",
                admitted, refused, spent[0], BUDGET);
        assertTrue(spent[0] <= BUDGET, "settled usage " + spent[0] + " is within the budget " + BUDGET);
    }
}
