package dev.quire.ingestion.pipeline;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The name an upload is stored and shown under: the last path element only (no {@code /}, {@code \}), no control or
 * format characters (NUL, bidi overrides), no quotes, at most 255 bytes of UTF-8 cut on a character boundary.
 */
public final class SafeFilename {
    public static final int MAX_BYTES = 255;

    private SafeFilename() {}

    public static String of(String name) {
        String n = name == null
                ? ""
                : Normalizer.normalize(name, Normalizer.Form.NFC).replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\\p{Cf}\"]", "")
                .strip();
        while (n.startsWith(".")) {
            n = n.substring(1);
        }
        if (n.isBlank()) {
            return "upload";
        }
        return cut(n);
    }

    /** The longest prefix of {@code n} whose UTF-8 fits in {@link #MAX_BYTES}, keeping the extension if short. */
    private static String cut(String n) {
        if (n.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return n;
        }
        int dot = n.lastIndexOf('.');
        String ext = dot > 0 && n.length() - dot <= 16 ? n.substring(dot) : "";
        int room = MAX_BYTES - ext.getBytes(StandardCharsets.UTF_8).length;
        var out = ByteBuffer.allocate(room);
        var encoder = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.IGNORE)
                .onUnmappableCharacter(CodingErrorAction.IGNORE);
        encoder.encode(CharBuffer.wrap(n, 0, n.length() - ext.length()), out, true);
        return new String(out.array(), 0, out.position(), StandardCharsets.UTF_8) + ext;
    }
}
