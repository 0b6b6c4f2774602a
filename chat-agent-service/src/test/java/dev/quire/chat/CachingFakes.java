package dev.quire.chat;

import java.util.HashMap;
import java.util.Map;

/** {@link FakeRetrieval} also standing in for ingestion-service's knowledge-base lookup, with the answer cache on. */
public class CachingFakes extends FakeRetrieval {
    @Override
    public Map<String, String> start() {
        var config = new HashMap<>(startServer());
        config.put("quarkus.rest-client.ingestion.url", config.get("quarkus.rest-client.retrieval.url"));
        config.put("quire.chat.answer-cache.enabled", "true");
        return config;
    }
}
