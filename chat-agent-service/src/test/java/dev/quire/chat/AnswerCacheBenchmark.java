package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The answer cache's hit rate and the latency of a hit against a miss: first questions over REST (the message's
 * POST with its JSON answer, each in a new conversation), drawn Zipf-like from a fixed set, so popular questions repeat as they would in a
 * team's knowledge base. Retrieval is a zero-latency fake and the offline answerer has no word delay, so a miss
 * here is the cheapest miss there is (no model, no real search): the saving in production is larger.
 * Not a test: {@code ./mvnw -o -B test -pl chat-agent-service -Dtest=AnswerCacheBenchmark -Dgroups=bench
 * -DexcludedGroups=none}.
 */
@QuarkusTest
@WithTestResource(CachingFakes.class)
@Tag("bench")
class AnswerCacheBenchmark extends MemberChat {
    private static final int ASKS = Integer.getInteger("bench.asks", 400);
    /** Distinct questions, worded as different users would ask about different things. */
    private static final String[] TOPICS = {
        "train bookings", "meal refunds", "hotel caps", "taxi receipts", "visa letters", "laptop returns",
        "parental leave", "sick days", "overtime pay", "remote work", "expense deadlines", "mileage rates",
        "conference fees", "phone plans", "badge access", "parking permits", "gym subsidies", "pension plans",
        "stock options", "relocation support", "tuition refunds", "bonus dates", "holiday calendars", "office hours",
        "security training", "password rules", "VPN access", "printer setup", "shipping addresses", "supplier invoices",
        "contract renewals", "data retention", "GDPR requests", "incident reports", "fire drills", "first aid",
        "visitor passes", "meeting rooms", "coffee machines", "desk booking", "recycling", "bike storage",
        "company cars", "fuel cards", "insurance claims", "travel insurance", "per diem abroad", "currency exchange",
        "corporate cards", "gift policies"
    };

    @Test
    void hitRateAndLatency() throws Exception {
        UUID kb = UUID.randomUUID();
        var hits = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 8; i++) {
            hits.add(Fixtures.hit(
                    kb,
                    "Policy " + i + ": trains must be booked for trips under " + (100 * i + 50)
                            + " km, and meals are refunded up to " + (10 + i) + " euros per day."));
        }
        Fixtures.seed(retrieval, tenant, hits);
        // warm-up in another tenant of the same fake (JIT, connection pools, the embedding model)
        UUID warm = UUID.randomUUID();
        Fixtures.seed(retrieval, warm, hits);
        String warmToken = Tokens.of(warm, UUID.randomUUID(), "member");
        for (int i = 0; i < 30; i++) {
            AnswerCacheTest.ask(warmToken, List.of(kb), "What is the rule for warm-up topic " + (i % 10) + "?");
        }

        Random random = new Random(7);
        List<Long> hitNanos = new ArrayList<>();
        List<Long> missNanos = new ArrayList<>();
        var asked = new HashSet<String>();
        int falseHits = 0; // a hit for a question never asked before: another question's answer was served
        for (int i = 0; i < ASKS; i++) {
            String question = "What is the company policy on " + TOPICS[zipf(random, TOPICS.length)] + "?";
            int before = Fixtures.searches(retrieval, tenant).size();
            String conversation = Fixtures.conversation(member); // new and empty: a first question
            long t0 = System.nanoTime();
            Fixtures.sendMessage(member, conversation, AnswerCacheTest.body(List.of(kb), question))
                    .then()
                    .statusCode(200);
            long took = System.nanoTime() - t0;
            boolean searched = Fixtures.searches(retrieval, tenant).size() > before;
            (searched ? missNanos : hitNanos).add(took);
            if (!searched && !asked.contains(question)) {
                falseHits++;
            }
            asked.add(question);
        }
        assertTrue(!hitNanos.isEmpty() && !missNanos.isEmpty(), "the workload had both hits and misses");
        System.out.printf(
                Locale.ROOT,
                "%nANSWER CACHE: %d asks over %d questions (Zipf s=1), %d distinct asked: hit rate %.1f %%"
                        + " (%d hits, %d misses)%n"
                        + "  hit  latency (POST message, JSON answer) p50 %.1f ms, p95 %.1f ms%n"
                        + "  miss latency (POST message, JSON answer) p50 %.1f ms, p95 %.1f ms%n"
                        + "  hits for a question not asked before (another question's answer): %d%n",
                ASKS,
                TOPICS.length,
                asked.size(),
                100.0 * hitNanos.size() / ASKS,
                hitNanos.size(),
                missNanos.size(),
                pct(hitNanos, 50),
                pct(hitNanos, 95),
                pct(missNanos, 50),
                pct(missNanos, 95),
                falseHits);
    }

    /** A rank in [0, n) with probability proportional to 1/(rank+1). */
    private static int zipf(Random random, int n) {
        double total = 0;
        for (int i = 1; i <= n; i++) {
            total += 1.0 / i;
        }
        double x = random.nextDouble() * total;
        for (int i = 1; i <= n; i++) {
            x -= 1.0 / i;
            if (x <= 0) {
                return i - 1;
            }
        }
        return n - 1;
    }

    private static double pct(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
