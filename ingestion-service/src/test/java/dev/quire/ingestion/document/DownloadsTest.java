package dev.quire.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Download headers: RFC 6266 filenames and the types never served as themselves. */
class DownloadsTest {
    @Test
    void filenameHasAnAsciiFallbackAndTheExactUtf8Name() {
        assertEquals(
                "attachment; filename=\"Bericht _ber _.html\"; filename*=UTF-8''Bericht%20%C3%BCber%20%C3%84.html",
                Downloads.contentDisposition("Bericht über Ä.html"));
        assertEquals(
                "attachment; filename=\"a_b_c_d_.txt\"; filename*=UTF-8''a%22b%5Cc%25d%3B.txt",
                Downloads.contentDisposition("a\"b\\c%d;.txt"));
        assertEquals("attachment; filename=\"download\"; filename*=UTF-8''download", Downloads.contentDisposition(" "));
    }

    @Test
    void activeContentIsServedAsOpaqueBytes() {
        for (String t : new String[] {
            "text/html",
            "application/xhtml+xml",
            "image/svg+xml",
            "application/xml",
            "text/xml",
            "text/javascript",
            "",
            null
        }) {
            assertEquals("application/octet-stream", Downloads.servedType(t), String.valueOf(t));
        }
        assertEquals("application/pdf", Downloads.servedType("application/pdf"));
        assertEquals("text/markdown", Downloads.servedType("text/markdown"));
    }
}
