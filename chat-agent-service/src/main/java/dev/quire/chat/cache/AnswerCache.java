package dev.quire.chat.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.chat.Citation;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The semantic answer cache in Redis: answers of first questions, found again by the cosine similarity of a new
 * question's embedding within the same {@link CacheScope}, listed per knowledge base for limits, statistics and
 * invalidation. Layout (prefix {@code quire:chat:cache:}): {@code e:<tenant>:<id>} an entry (JSON, with the TTL),
 * {@code s:<tenant>:<scope hash>} the ids of one scope, {@code k:<tenant>:<kb|*>} the ids listed under a knowledge
 * base by creation time, {@code kbs:<tenant>} the knowledge-base lists a tenant has, {@code st:<tenant>:<kb|*>} hit
 * and miss counters, {@code g:<tenant>} a generation bumped by every invalidation, so an answer computed while its
 * documents changed is not stored. Entries once read stay parsed in memory (they never change), so a lookup reads
 * only the scope's ids and the entries new to this instance.
 * One class because every key of this layout is written, found and removed together: an entry, its scope's set and
 * its knowledge-base lists must never disagree, and one class keeps that invariant in one place.
 */
@ApplicationScoped
public class AnswerCache {
    private static final Logger LOG = Logger.getLogger(AnswerCache.class);
    private static final String P = "quire:chat:cache:";
    private static final int READ_ENTRIES = 4096;
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    /** A cached answer and the question it answered. */
    public record Entry(
            String id,
            String scope,
            List<String> kbs,
            String question,
            float[] vector,
            String content,
            List<Citation> citations,
            String finishReason,
            long createdAt,
            long expiresAt) {}

    /** A knowledge base's cache statistics. */
    public record Stats(long entries, long hits, long misses, double hitRate) {}

    /** What a lookup found: the entry on a hit (else null), and the generation a later store must still see. */
    public record Lookup(Entry hit, long generation, double similarity) {}

    private final AnswerCacheConfig config;
    private final ObjectMapper json;
    private final ValueCommands<String, String> values;
    private final ValueCommands<String, Long> counters;
    private final SetCommands<String, String> sets;
    private final SortedSetCommands<String, String> lists;
    private final HashCommands<String, String, Long> stats;
    private final KeyCommands<String> keys;
    private final ReactiveValueCommands<String, Long> generations;
    private final ReactiveSetCommands<String, String> scopeIds;
    private final ReactiveHashCommands<String, String, Long> statsAsync;

    /** Entries already read, by entry key (they never change; their scope's set says which are still live). */
    private final Map<String, Entry> parsed = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > READ_ENTRIES;
        }
    });

    public AnswerCache(
            AnswerCacheConfig config, ObjectMapper json, RedisDataSource redis, ReactiveRedisDataSource reactive) {
        this.config = config;
        this.json = json;
        this.values = redis.value(String.class);
        this.counters = redis.value(Long.class);
        this.sets = redis.set(String.class);
        this.lists = redis.sortedSet(String.class);
        this.stats = redis.hash(Long.class);
        this.keys = redis.key();
        this.generations = reactive.value(Long.class);
        this.scopeIds = reactive.set(String.class);
        this.statsAsync = reactive.hash(Long.class);
    }

    /**
     * The most similar answer of the scope at or above the threshold; counts a hit or a miss per knowledge base.
     * The scope's set names its live entries; only those this instance has not read yet are fetched and parsed (an
     * entry never changes once written, and reading every entry of a scope on every question cost 45 ms p50 at 130
     * entries, docs/BENCHMARKS.md).
     */
    public Lookup lookup(CacheScope scope, float[] vector) {
        String scopeKey = scopeKey(scope.tenantId(), scope.hash());
        // the generation and the scope's ids in one round trip: a lookup is on every first question's path
        var read = Uni.combine()
                .all()
                .unis(generations.get(P + "g:" + scope.tenantId()), scopeIds.smembers(scopeKey))
                .asTuple()
                .await()
                .atMost(REDIS_WAIT);
        long generation = read.getItem1() == null ? 0 : read.getItem1();
        long now = System.currentTimeMillis();
        List<Entry> entries = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (String id : read.getItem2()) {
            String key = entryKey(scope.tenantId(), id);
            Entry e = parsed.get(key);
            if (e == null) {
                unread.add(key);
            } else if (expiresAt(e) <= now) {
                parsed.remove(key);
                sets.srem(scopeKey, id); // expired
            } else {
                entries.add(e);
            }
        }
        if (!unread.isEmpty()) {
            Map<String, String> found = values.mget(unread.toArray(String[]::new));
            for (String key : unread) {
                String raw = found.get(key);
                if (raw == null) {
                    sets.srem(scopeKey, key.substring(key.lastIndexOf(':') + 1)); // expired
                    continue;
                }
                Entry e = read(raw);
                if (e != null) {
                    parsed.put(key, e);
                    entries.add(e);
                }
            }
        }
        Entry best = null;
        double bestScore = -1;
        for (Entry e : entries) {
            double s = QuestionEmbedder.cosine(vector, e.vector());
            if (s > bestScore) {
                bestScore = s;
                best = e;
            }
        }
        boolean hit = best != null && bestScore >= config.threshold();
        // counted without waiting: statistics must not delay the answer
        for (String kb : scope.kbKeys()) {
            statsAsync
                    .hincrby(statsKey(scope.tenantId(), kb), hit ? "hits" : "misses", 1)
                    .subscribe()
                    .with(n -> {}, e -> LOG.debugf("cache statistics not counted: %s", e.toString()));
        }
        return new Lookup(hit ? best : null, generation, bestScore);
    }

    /** When an entry's key expires in Redis (entries written before it was recorded: their creation plus the TTL). */
    private long expiresAt(Entry e) {
        return e.expiresAt() > 0 ? e.expiresAt() : e.createdAt() + config.ttl().toMillis();
    }

    /**
     * Stores an answer for the scope unless its tenant's cache was invalidated since {@code generation} was read;
     * past the per-knowledge-base limit the oldest entries go.
     */
    public void store(
            CacheScope scope,
            long generation,
            String question,
            float[] vector,
            String content,
            List<Citation> citations,
            String finishReason) {
        UUID tenant = scope.tenantId();
        if (generation(tenant) != generation) {
            return; // documents changed while this answer was made: it may already be stale
        }
        long now = System.currentTimeMillis();
        long ttl = config.ttl().toSeconds();
        var entry = new Entry(
                UUID.randomUUID().toString(),
                scope.hash(),
                scope.kbKeys(),
                question,
                vector,
                content,
                citations,
                finishReason,
                now,
                now + ttl * 1000);
        try {
            values.setex(entryKey(tenant, entry.id()), ttl, json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        parsed.put(entryKey(tenant, entry.id()), entry);
        String scopeKey = scopeKey(tenant, entry.scope());
        sets.sadd(scopeKey, entry.id());
        keys.expire(scopeKey, config.ttl());
        sets.sadd(P + "kbs:" + tenant, entry.kbs().toArray(String[]::new));
        for (String kb : entry.kbs()) {
            String list = kbKey(tenant, kb);
            lists.zadd(list, now, entry.id());
            keys.expire(list, config.ttl());
            prune(tenant, kb);
            long excess = lists.zcard(list) - config.maxEntriesPerKb();
            if (excess > 0) {
                for (String old : lists.zrange(list, 0, excess - 1)) {
                    remove(tenant, old);
                }
            }
        }
    }

    /** Drops a knowledge base's entries and those over all of the tenant's knowledge bases. */
    public void invalidate(UUID tenant, UUID kb) {
        counters.incr(P + "g:" + tenant);
        clearList(tenant, kb.toString());
        clearList(tenant, CacheScope.ALL);
    }

    /** Drops every entry of a tenant (a change whose knowledge base the event does not name). */
    public void invalidateTenant(UUID tenant) {
        counters.incr(P + "g:" + tenant);
        for (String kb : sets.smembers(P + "kbs:" + tenant)) {
            clearList(tenant, kb);
        }
    }

    /** A knowledge base's live entries and its hit and miss counts. */
    public Stats stats(UUID tenant, UUID kb) {
        prune(tenant, kb.toString());
        long entries = lists.zcard(kbKey(tenant, kb.toString()));
        Map<String, Long> counts = stats.hgetall(statsKey(tenant, kb.toString()));
        long hits = counts.getOrDefault("hits", 0L);
        long misses = counts.getOrDefault("misses", 0L);
        return new Stats(entries, hits, misses, hits + misses == 0 ? 0 : (double) hits / (hits + misses));
    }

    private void clearList(UUID tenant, String kb) {
        String list = kbKey(tenant, kb);
        for (String id : lists.zrange(list, 0, -1)) {
            remove(tenant, id);
        }
        keys.del(list);
    }

    private void remove(UUID tenant, String id) {
        String key = entryKey(tenant, id);
        parsed.remove(key);
        String raw = values.get(key);
        keys.del(key);
        Entry e = raw == null ? null : read(raw);
        if (e != null) {
            sets.srem(scopeKey(tenant, e.scope()), id);
            for (String kb : e.kbs()) {
                lists.zrem(kbKey(tenant, kb), id);
            }
        }
    }

    /** Forgets the ids of entries whose TTL ran out (their score is their creation time). */
    private void prune(UUID tenant, String kb) {
        long expired = System.currentTimeMillis() - config.ttl().toMillis();
        lists.zremrangebyscore(kbKey(tenant, kb), new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) expired));
    }

    private long generation(UUID tenant) {
        Long g = counters.get(P + "g:" + tenant);
        return g == null ? 0 : g;
    }

    private Entry read(String raw) {
        try {
            return json.readValue(raw, Entry.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable cache entry: %s", e.getOriginalMessage());
            return null;
        }
    }

    private static String entryKey(UUID tenant, String id) {
        return P + "e:" + tenant + ":" + id;
    }

    private static String scopeKey(UUID tenant, String hash) {
        return P + "s:" + tenant + ":" + hash;
    }

    private static String kbKey(UUID tenant, String kb) {
        return P + "k:" + tenant + ":" + kb;
    }

    private static String statsKey(UUID tenant, String kb) {
        return P + "st:" + tenant + ":" + kb;
    }
}
