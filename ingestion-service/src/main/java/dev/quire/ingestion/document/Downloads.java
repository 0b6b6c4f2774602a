package dev.quire.ingestion.document;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Safe headers for serving a user's file on the API's own origin. */
final class Downloads {
    private Downloads() {}

    /** Types a browser would render as active content on our origin are served as opaque bytes. */
    static String servedType(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.contains("html") || t.contains("xml") || t.contains("svg") || t.contains("javascript")) {
            return "application/octet-stream";
        }
        return contentType;
    }

    /** RFC 6266: an ASCII fallback {@code filename} and the exact name as RFC 8187 {@code filename*}. */
    static String contentDisposition(String filename) {
        String name = filename == null || filename.isBlank() ? "download" : filename;
        var ascii = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            ascii.append(ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '%' && ch != ';' ? ch : '_');
        }
        var utf8 = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                utf8.append((char) c);
            } else {
                utf8.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
    }
}
