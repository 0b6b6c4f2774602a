package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeFilenameTest {
    @Test
    void pathSeparatorsKeepOnlyTheLastElement() {
        assertEquals("passwd", SafeFilename.of("../../etc/passwd"));
        assertEquals("boot.ini", SafeFilename.of("C:\\windows\\..\\boot.ini"));
        assertEquals("upload", SafeFilename.of("../.."));
        assertEquals("upload", SafeFilename.of(null));
    }

    @Test
    void controlAndFormatCharactersAreDropped() {
        assertEquals("report.pdf", SafeFilename.of("re\u0000port\r\n.pdf"));
        // right-to-left override would show "fdp.exe" as "exe.pdf"
        assertEquals("invoiceexe.pdf", SafeFilename.of("invoice\u202Eexe.pdf"));
        assertEquals("quoted.txt", SafeFilename.of("\"quoted\".txt"));
    }

    @Test
    void longNamesAreCutTo255BytesOnACharacterBoundaryKeepingTheExtension() {
        String name = "ü".repeat(300) + "😀".repeat(50) + ".docx";
        String safe = SafeFilename.of(name);
        int bytes = safe.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 255 && bytes > 240, bytes + " bytes");
        assertTrue(safe.endsWith(".docx"));
        assertFalse(safe.contains("\uFFFD"));
        assertEquals(safe, new String(safe.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
