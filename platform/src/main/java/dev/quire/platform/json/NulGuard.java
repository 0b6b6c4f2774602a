package dev.quire.platform.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import java.io.DataInput;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;
import java.util.Set;

/**
 * NUL (U+0000) anywhere in the input is 400 {@code validation_failed}: PostgreSQL text cannot hold it, so it used to
 * surface as a 500 from whichever string reached the database. Three walls: {@code CanonicalPaths} refuses it in the raw
 * path, query and header values of every request before routing; {@link JsonInput} (installed by {@link StrictJson})
 * refuses the escape {@code \\u0000} (U+0000) in every JSON document read; {@link #isNulRejection} recognises PostgreSQL's own
 * refusal, so NUL that came any other way (a multipart field) is still a 400.
 */
public class NulGuard {
    public static final String DETAIL = "text must not contain NUL (U+0000) characters";
    /** An escaped surrogate without its pair: no text encoding can hold it either. */
    public static final String UNPAIRED = "text must not contain unpaired UTF-16 surrogates";
    /** invalid byte sequence (22021), untranslatable character (22P05, {@code \\u0000} (U+0000) in jsonb). */
    private static final Set<String> NUL_STATES = Set.of("22021", "22P05");

    /** A raw (still percent-encoded) URI or value that holds NUL, encoded or not. */
    public static boolean hasNul(String raw) {
        return raw != null && (raw.indexOf('\0') >= 0 || raw.contains("%00"));
    }

    /** Whether {@code e} (or a cause) is PostgreSQL or its driver refusing NUL in text. */
    public static boolean isNulRejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s
                    && (NUL_STATES.contains(s.getSQLState())
                            || (s.getMessage() != null && s.getMessage().contains("Zero bytes")))) {
                return true;
            }
            if (t instanceof JsonParseException && DETAIL.equals(((JsonParseException) t).getOriginalMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Refuses the JSON escape {@code \\u0000} (U+0000) while a document is read (a raw control character the parser refuses). */
    public static final class JsonInput extends InputDecorator {
        @Override
        public InputStream decorate(IOContext ctxt, InputStream in) {
            return new Bytes(in);
        }

        @Override
        public InputStream decorate(IOContext ctxt, byte[] src, int offset, int length) throws IOException {
            var scan = new Scan();
            for (int i = offset; i < offset + length; i++) {
                scan.next(src[i] & 0xff);
            }
            return null; // unchanged
        }

        @Override
        public Reader decorate(IOContext ctxt, Reader r) {
            return new Chars(r);
        }

        @Override
        public DataInput decorate(IOContext ctxt, DataInput input) {
            return input;
        }
    }

    /**
     * The escape state machine: a backslash escapes the next character; backslash-u and four hex digits is one UTF-16
     * unit, refused when it is NUL or a surrogate without its pair (neither can be stored as UTF-8 text).
     */
    static final class Scan {
        private int state; // 0: text, 1: after a backslash, 2..5: reading hex digit (state - 2) of backslash-u
        private int unit;
        private boolean highPending; // the last escape was a high surrogate: the next must be a low one

        void next(int c) throws JsonParseException {
            if (c == 0) {
                return; // a UTF-16/32 padding byte (a raw NUL in UTF-8 is refused by the parser)
            }
            switch (state) {
                case 0 -> {
                    if (c == '\\') {
                        state = 1;
                    } else if (highPending) {
                        throw new JsonParseException(null, UNPAIRED);
                    }
                }
                case 1 -> {
                    if (c == 'u') {
                        state = 2;
                        unit = 0;
                    } else if (highPending) {
                        throw new JsonParseException(null, UNPAIRED);
                    } else {
                        state = 0;
                    }
                }
                default -> {
                    int d = Character.digit(c, 16);
                    if (d < 0) {
                        state = 0; // not an escape at all: the parser refuses it
                        highPending = false;
                        return;
                    }
                    unit = unit * 16 + d;
                    if (++state == 6) {
                        state = 0;
                        if (unit == 0) {
                            throw new JsonParseException(null, DETAIL);
                        }
                        boolean low = unit >= 0xDC00 && unit <= 0xDFFF;
                        if (highPending != low) {
                            throw new JsonParseException(null, UNPAIRED);
                        }
                        highPending = unit >= 0xD800 && unit <= 0xDBFF;
                    }
                }
            }
        }
    }

    private static final class Bytes extends FilterInputStream {
        private final Scan scan = new Scan();

        Bytes(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                scan.next(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                scan.next(b[i] & 0xff);
            }
            return n;
        }
    }

    private static final class Chars extends FilterReader {
        private final Scan scan = new Scan();

        Chars(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                scan.next(c);
            }
            return c;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, len);
            for (int i = off; i < off + n; i++) {
                scan.next(cbuf[i]);
            }
            return n;
        }
    }
}
