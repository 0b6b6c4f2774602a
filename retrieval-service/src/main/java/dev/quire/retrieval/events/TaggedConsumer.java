package dev.quire.retrieval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.DocumentTagged;
import dev.quire.retrieval.store.TagStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code document.tagged}: the tag filter of search sees a document's new tags without re-embedding it. */
@ApplicationScoped
@RequiredArgsConstructor
public class TaggedConsumer {
    private final ObjectMapper json;
    private final TagStore tags;

    @Incoming("tagged")
    @Blocking
    public void onTagged(String payload) throws Exception {
        var e = json.readValue(payload, DocumentTagged.class);
        tags.retag(e.tenantId(), e.documentId(), e.tags() == null ? List.of() : e.tags());
    }
}
