package dev.quire.ingestion.pipeline;

import org.xml.sax.SAXException;

/**
 * Stops a parse from inside Tika's SAX stream: past the deadline or on interrupt (the parse failed), and after the
 * OCR page budget or the text cap (the text so far is kept, marked truncated). Parsers that ignore interrupts still
 * emit SAX events, so this reaches most runaway parses a {@code Thread.interrupt()} alone would not.
 */
final class ParseGuard {
    /** Thrown through Tika to end a parse; {@code keepText} says whether the text so far is usable. */
    static final class LimitReached extends SAXException {
        final boolean keepText;

        LimitReached(String message, boolean keepText) {
            super(message);
            this.keepText = keepText;
        }
    }

    /** Below this much text no file counts as a bomb, whatever its size. */
    static final long BOMB_THRESHOLD_CHARS = 1_000_000;

    private final long deadlineNanos;
    private final int maxOcrPages;
    private final long inputBytes;
    private final long maxRatio;
    private int ocrPages;
    private boolean cut;

    /**
     * @param inputBytes size of the uploaded file
     * @param maxRatio extracted characters per uploaded byte above which the file counts as a decompression bomb
     */
    ParseGuard(long deadlineNanos, int maxOcrPages, long inputBytes, long maxRatio) {
        this.deadlineNanos = deadlineNanos;
        this.maxOcrPages = maxOcrPages;
        this.inputBytes = inputBytes;
        this.maxRatio = maxRatio;
    }

    /** A guard that never fires (tests of the collector alone). */
    static ParseGuard none() {
        return new ParseGuard(Long.MAX_VALUE, Integer.MAX_VALUE, 1, Long.MAX_VALUE);
    }

    /**
     * Measured against the whole upload, not the bytes read so far as Tika's own check does: zip-based formats
     * (DOCX, ODT, EPUB) are read in full before any text comes out, so only this ratio sees a small file that
     * inflates into millions of characters.
     */
    void extracted(long chars) throws LimitReached {
        if (chars > BOMB_THRESHOLD_CHARS && maxRatio != Long.MAX_VALUE && chars > maxRatio * inputBytes) {
            throw new LimitReached(
                    "decompression bomb suspected: over " + chars + " characters from a file of " + inputBytes
                            + " bytes",
                    false);
        }
    }

    void tick() throws LimitReached {
        if (Thread.currentThread().isInterrupted()) {
            throw new LimitReached("parse interrupted", false);
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new LimitReached("parse deadline passed", false);
        }
    }

    /** Whether a limit that keeps the text so far was hit (possibly inside an embedded document). */
    boolean cut() {
        return cut;
    }

    /** Called when Tika starts the OCR text of one more page. */
    void ocrPage() throws LimitReached {
        if (++ocrPages > maxOcrPages) {
            cut = true;
            throw new LimitReached("OCR stopped after " + maxOcrPages + " pages", true);
        }
    }
}
