package dev.quire.chat.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.chat.Citation;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
 * documents changed is not stored.
 */
@ApplicationScoped
public class AnswerCache {
    private static final Logger LOG = Logger.getLogger(AnswerCache.class);
    private static final String P = "quire:chat:cache:";

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
            long createdAt) {}

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

    public AnswerCache(AnswerCacheConfig config, ObjectMapper json, RedisDataSource redis) {
        this.config = config;
        this.json = json;
        this.values = redis.value(String.class);
        this.counters = redis.value(Long.class);
        this.sets = redis.set(String.class);
        this.lists = redis.sortedSet(String.class);
        this.stats = redis.hash(Long.class);
        this.keys = redis.key();
    }

    /** The most similar answer of the scope at or above the threshold; counts a hit or a miss per knowledge base. */
    public Lookup lookup(CacheScope scope, float[] vector) {
        long generation = generation(scope.tenantId());
        String scopeKey = scopeKey(scope.tenantId(), scope.hash());
        List<String> ids = new ArrayList<>(sets.smembers(scopeKey));
        Entry best = null;
        double bestScore = -1;
        if (!ids.isEmpty()) {
            Map<String, String> found = values.mget(
                    ids.stream().map(id -> entryKey(scope.tenantId(), id)).toArray(String[]::new));
            for (String id : ids) {
                String raw = found.get(entryKey(scope.tenantId(), id));
                if (raw == null) {
                    sets.srem(scopeKey, id); // expired
                    continue;
                }
                Entry e = read(raw);
                double s = e == null ? -1 : QuestionEmbedder.cosine(vector, e.vector());
                if (s > bestScore) {
                    bestScore = s;
                    best = e;
                }
            }
        }
        boolean hit = best != null && bestScore >= config.threshold();
        for (String kb : scope.kbKeys()) {
            stats.hincrby(statsKey(scope.tenantId(), kb), hit ? "hits" : "misses", 1);
        }
        return new Lookup(hit ? best : null, generation, bestScore);
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
        var entry = new Entry(
                UUID.randomUUID().toString(),
                scope.hash(),
                scope.kbKeys(),
                question,
                vector,
                content,
                citations,
                finishReason,
                now);
        long ttl = config.ttl().toSeconds();
        try {
            values.setex(entryKey(tenant, entry.id()), ttl, json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
