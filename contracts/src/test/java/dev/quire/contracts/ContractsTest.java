package dev.quire.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractsTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void chunkedEventSurvivesJsonRoundTrip() throws Exception {
        var event = new DocumentChunked(
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.parse("2026-11-22T10:00:00Z"),
                UUID.randomUUID(),
                UUID.randomUUID(),
                2,
                0,
                1,
                "all-minilm-l6-v2-q",
                3,
                "a.pdf",
                List.of(new ChunkPayload("c-1", 0, "hello", new float[] {0.1f, 0.2f, 0.3f}, 4, "Intro", 1)),
                "english",
                List.of("hr"));
        var back = json.readValue(json.writeValueAsString(event), DocumentChunked.class);
        assertEquals(event.documentId(), back.documentId());
        assertEquals(event.occurredAt(), back.occurredAt());
        assertArrayEquals(
                event.chunks().get(0).embedding(), back.chunks().get(0).embedding());
        assertEquals(4, back.chunks().get(0).page());
    }

    @Test
    void statusMovesOnlyForward() {
        assertTrue(DocumentStatus.QUEUED.canMoveTo(DocumentStatus.PARSING));
        assertTrue(DocumentStatus.EMBEDDING.canMoveTo(DocumentStatus.INDEXED));
        assertFalse(DocumentStatus.INDEXING.canMoveTo(DocumentStatus.PARSING));
        assertFalse(DocumentStatus.INDEXED.canMoveTo(DocumentStatus.FAILED));
        assertTrue(DocumentStatus.PARSING.canMoveTo(DocumentStatus.FAILED));
    }

    @Test
    void documentKeyJoinsTenantAndDocument() {
        var t = UUID.fromString("00000000-0000-0000-0000-000000000001");
        var d = UUID.fromString("00000000-0000-0000-0000-000000000002");
        assertEquals(t + ":" + d, Topics.documentKey(t, d));
    }
}
