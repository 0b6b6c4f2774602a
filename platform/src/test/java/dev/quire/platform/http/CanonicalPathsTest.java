package dev.quire.platform.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CanonicalPathsTest {
    @Test
    void plainPathsAreCanonical() {
        assertTrue(CanonicalPaths.isCanonical("/"));
        assertTrue(CanonicalPaths.isCanonical("/v1/chat/completions"));
        assertTrue(CanonicalPaths.isCanonical("/api/v1/conversations/3f0c0f5e-8a8e-4f3e-9d55-1b2c3d4e5f60/messages"));
        assertTrue(CanonicalPaths.isCanonical("/assets/index-D9AMs1tw.css"));
    }

    @Test
    void variantsThatJaxRsWouldRouteAsTheSameResourceAreRefused() {
        for (String p : new String[] {
            "/v1/chat/completions/",
            "/v1/chat/completions;x=1",
            "/v1/chat;x=1/completions",
            "/api/v1/conversations/abc/messages/",
            "/v1//chat/completions",
            "/v1/chat%2Fcompletions",
            "/v1/chat/completions%3Bx=1",
            "/v1/chat/completions%3bx",
            "/v1\\chat",
            "/v1/chat/completions%00",
            "",
            "v1/chat"
        }) {
            assertFalse(CanonicalPaths.isCanonical(p), p);
        }
    }

    @Test
    void nulRawOrEncodedIsFound() {
        assertTrue(CanonicalPaths.hasNul("q=a%00b"));
        assertTrue(CanonicalPaths.hasNul("q=a\0b"));
        assertFalse(CanonicalPaths.hasNul("q=a%20b"));
        assertFalse(CanonicalPaths.hasNul(null));
    }
}
