package dev.quire.chat;

import java.util.HashMap;
import java.util.Map;

/** {@link FakeRetrieval} with the answer cache on. */
public class CachingFakes extends FakeRetrieval {
    @Override
    public Map<String, String> start() {
        var config = new HashMap<>(startServer());
        config.put("quire.chat.answer-cache.enabled", "true");
        return config;
    }
}
