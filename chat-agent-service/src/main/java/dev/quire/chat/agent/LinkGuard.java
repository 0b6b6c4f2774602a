package dev.quire.chat.agent;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutralises markdown links, images and reference definitions that point at hosts outside the allow-list, in a
 * stream: text that might still become a link is held back until it is decided, everything else passes at once. An
 * image to another host becomes its alt text, a link its label, so an answer cannot leak data through URLs a viewer
 * would load or click. Raw HTML gets the same treatment: elements that load or run something ({@code img},
 * {@code picture}/{@code source}, {@code iframe}, {@code object}, {@code embed}, {@code video}/{@code audio},
 * {@code link}, {@code script}, {@code style}, {@code svg}, {@code meta}, {@code base}, forms…) are removed whatever
 * they point at ({@code img} keeps its alt text), and any other tag is removed when it has an event handler, a
 * {@code style} with {@code url(}, or a URL attribute ({@code href}, {@code src}, {@code srcset}, …) outside the
 * allow-list, such as {@code javascript:} (a removed {@code <a>} keeps its text).
 * One class because markdown and HTML are decided in one held-back stream: the scanner stops at every {@code [},
 * {@code !} or {@code <}, picks the construct there and releases text only once it is decided, so both need the same
 * pending buffer, host allow-list and neutralised count (two guards in a row would each hold back for the other).
 */
public final class LinkGuard {
    private static final Pattern INLINE = Pattern.compile("^(!?)\\[([^\\]\\n]*)]\\(([^)\\n]*)\\)");
    private static final Pattern DEFINITION = Pattern.compile("^\\[([^\\]\\n]*)]:[ \\t]*(\\S*)");
    private static final Pattern AUTOLINK = Pattern.compile("^<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]*)>");
    private static final int MAX_PENDING = 1000;
    private static final Pattern TAG_START = Pattern.compile("^</?[a-zA-Z]");
    private static final Pattern TAG_NAME = Pattern.compile("^</?([a-zA-Z][^\\s/>]*)");
    private static final Pattern ATTRIBUTE =
            Pattern.compile("([^\\s\"'>/=]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?");
    /** Elements that load, embed or run something by themselves: removed wherever they point. */
    private static final Set<String> ACTIVE = Set.of(
            "img",
            "image",
            "picture",
            "source",
            "srcset",
            "iframe",
            "frame",
            "frameset",
            "object",
            "embed",
            "applet",
            "video",
            "audio",
            "track",
            "link",
            "script",
            "style",
            "svg",
            "math",
            "use",
            "meta",
            "base",
            "form",
            "input",
            "button",
            "portal",
            "fencedframe",
            "noscript",
            "template",
            "bgsound",
            "xml",
            "xmp",
            "plaintext");
    /** Attributes whose value is a URL (or URLs) a viewer may load or follow. */
    private static final Set<String> URL_ATTRIBUTES = Set.of(
            "href",
            "src",
            "srcset",
            "imagesrcset",
            "action",
            "formaction",
            "data",
            "poster",
            "background",
            "cite",
            "longdesc",
            "lowsrc",
            "dynsrc",
            "ping",
            "xlink:href",
            "manifest",
            "codebase",
            "archive",
            "profile",
            "icon",
            "content");

    private final Set<String> allowed;
    private final Consumer<String> out;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder emitted = new StringBuilder();
    private int neutralised;
    /** Opening {@code <a>} tags removed, whose closing tags are removed too. */
    private int removedAnchors;

    public LinkGuard(List<String> allowedHosts, Consumer<String> out) {
        this.allowed = Set.copyOf(
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.out = out;
    }

    /** Sanitises a whole text at once. */
    public static String clean(String text, List<String> allowedHosts) {
        var guard = new LinkGuard(allowedHosts, s -> {});
        guard.accept(text);
        guard.finish();
        return guard.text();
    }

    public void accept(String delta) {
        pending.append(delta);
        drain(false);
    }

    /** Releases whatever is still held back (an unfinished link cannot render). */
    public void finish() {
        drain(true);
        emit(pending.toString());
        pending.setLength(0);
    }

    /** All text released so far. */
    public String text() {
        return emitted.toString();
    }

    /** How many links or images were neutralised. */
    public int neutralised() {
        return neutralised;
    }

    private void drain(boolean end) {
        while (pending.length() > 0) {
            int start = nextCandidate();
            if (start < 0) {
                emit(pending.toString());
                pending.setLength(0);
                return;
            }
            if (start > 0) {
                emit(pending.substring(0, start));
                pending.delete(0, start);
            }
            String rest = pending.toString();
            Matcher m;
            if ((m = INLINE.matcher(rest)).find()) {
                emit(m.group(1).isEmpty() ? link(m.group(2), m.group(3)) : image(m.group(2), m.group(3)));
                pending.delete(0, m.end());
            } else if (rest.startsWith("[") && (m = DEFINITION.matcher(rest)).find() && (end || endsLine(rest, m))) {
                emit(definition(m.group(0), m.group(2)));
                pending.delete(0, m.end());
            } else if (rest.startsWith("<") && (m = AUTOLINK.matcher(rest)).find()) {
                emit(allowedUrl(m.group(1)) ? m.group(0) : neutralise(m.group(1), ""));
                pending.delete(0, m.end());
            } else if (TAG_START.matcher(rest).find()
                    && tagEnd(rest) > 0
                    && !rest.substring(0, tagEnd(rest)).contains("\n\n")) {
                int close = tagEnd(rest) + 1;
                emit(tag(rest.substring(0, close)));
                pending.delete(0, close);
            } else if (!end && mayStillMatch(rest)) {
                return; // wait for more text
            } else if (TAG_START.matcher(rest).find() && openTagMayLoad(rest)) {
                // a tag left open (too long to hold back, cut by a blank line or by the end of the answer): its '<'
                // is escaped, so what follows can never complete it
                emit(neutralise(rest, "&lt;"));
                pending.delete(0, 1);
            } else {
                emit(rest.substring(0, 1));
                pending.delete(0, 1);
            }
        }
    }

    private int nextCandidate() {
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '[' || c == '<' || (c == '!' && (i + 1 == pending.length() || pending.charAt(i + 1) == '['))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsLine(String rest, Matcher m) {
        return m.end() < rest.length();
    }

    /** Whether more text could still turn {@code rest} (starting at a candidate) into a link. */
    private static boolean mayStillMatch(String rest) {
        if (rest.length() > MAX_PENDING) {
            return false;
        }
        if (rest.startsWith("<")) {
            boolean autolink = !rest.contains(">") && rest.chars().noneMatch(Character::isWhitespace);
            // a tag is decided at its '>'; raw HTML never spans a blank line, so a stray '<' waits one paragraph
            boolean tag = TAG_START.matcher(rest).find() && tagEnd(rest) == -1 && !rest.contains("\n\n");
            return autolink || tag;
        }
        String s = rest.startsWith("!") ? rest.substring(1) : rest;
        if (s.isEmpty()) {
            return true;
        }
        if (!s.startsWith("[")) {
            return false;
        }
        int close = s.indexOf(']');
        if (close < 0) {
            return !s.contains("\n");
        }
        if (close + 1 == s.length()) {
            return true;
        }
        char next = s.charAt(close + 1);
        if (next == '(') {
            return !s.substring(close).contains("\n");
        }
        if (next == ':' && !rest.startsWith("!")) {
            return !s.substring(close).contains("\n");
        }
        return false;
    }

    private String link(String label, String url) {
        String target = url.strip().split("\\s+", 2)[0];
        return allowedUrl(target) ? "[" + label + "](" + url + ")" : neutralise(target, label);
    }

    private String image(String alt, String url) {
        String target = url.strip().split("\\s+", 2)[0];
        return allowedUrl(target) ? "![" + alt + "](" + url + ")" : neutralise(target, alt);
    }

    /**
     * The end of the tag starting {@code s} ({@code <name …>}): the first {@code >} outside a quoted attribute
     * value, as an HTML parser reads it (quotes delimit only right after {@code =}); -1 while it is still open.
     */
    private static int tagEnd(String s) {
        int i = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '>') {
                return i;
            }
            if (c == '=') {
                i++;
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                    int close = s.indexOf(s.charAt(i), i + 1);
                    if (close < 0) {
                        return -1;
                    }
                    i = close + 1;
                }
                continue;
            }
            i++;
        }
        return -1;
    }

    /** Whether a tag that was never closed names an active element or has attributes. */
    private static boolean openTagMayLoad(String rest) {
        if (rest.length() > MAX_PENDING) {
            return true;
        }
        Matcher name = TAG_NAME.matcher(rest);
        int blank = rest.indexOf("\n\n");
        String head = blank < 0 ? rest : rest.substring(0, blank);
        return name.find() && ACTIVE.contains(name.group(1).toLowerCase(Locale.ROOT)) || head.indexOf('=') > 0;
    }

    /** A whole HTML tag: kept when it can load nothing, else removed (an image keeps its alt text). */
    private String tag(String tag) {
        Matcher name = TAG_NAME.matcher(tag);
        if (!name.find()) {
            return tag;
        }
        String element = name.group(1).toLowerCase(Locale.ROOT);
        boolean closing = tag.startsWith("</");
        if (closing) {
            if (element.equals("a") && removedAnchors > 0) {
                removedAnchors--;
                return "";
            }
            return ACTIVE.contains(element) ? neutralise(tag, "") : tag;
        }
        String alt = "";
        boolean dangerous = ACTIVE.contains(element);
        Matcher a = ATTRIBUTE.matcher(tag.substring(name.end(), tag.length() - 1));
        while (a.find()) {
            String attribute = a.group(1).toLowerCase(Locale.ROOT);
            String value = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
            value = value == null ? "" : value;
            if (attribute.equals("alt")) {
                alt = value;
            }
            if (attribute.startsWith("on") || (attribute.equals("style") && loadsFromCss(value))) {
                dangerous = true;
            } else if (URL_ATTRIBUTES.contains(attribute) && !allowedUrls(attribute, value)) {
                dangerous = true;
            }
        }
        if (!dangerous) {
            return tag;
        }
        if (element.equals("a") && !tag.endsWith("/>")) {
            removedAnchors++;
        }
        return neutralise(tag, element.equals("img") || element.equals("image") ? alt : "");
    }

    private boolean allowedUrls(String attribute, String value) {
        if (attribute.equals("content")) {
            return !value.toLowerCase(Locale.ROOT).contains("url"); // <meta http-equiv=refresh content="0;url=…">
        }
        if (attribute.endsWith("srcset")) {
            for (String candidate : value.split(",")) {
                String url = candidate.strip().split("\\s+", 2)[0];
                if (!url.isEmpty() && !allowedUrl(url)) {
                    return false;
                }
            }
            return true;
        }
        return allowedUrl(value.strip());
    }

    /** Whether a style attribute may fetch something ({@code url(…)}, {@code image-set}, {@code @import}). */
    private static boolean loadsFromCss(String style) {
        String s = style.toLowerCase(Locale.ROOT).replaceAll("[\\s\\\\]", "");
        return s.contains("url(")
                || s.contains("image-set(")
                || s.contains("@import")
                || s.contains("expression(")
                || s.contains("&");
    }

    private String definition(String whole, String url) {
        return url.isEmpty() || allowedUrl(url) ? whole : neutralise(url, whole.substring(0, whole.indexOf(':') + 1));
    }

    private String neutralise(String url, String keep) {
        neutralised++;
        return keep;
    }

    private boolean allowedUrl(String url) {
        if (url.startsWith("#")) {
            return true;
        }
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return false;
            }
            return uri.getHost() != null && allowed.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void emit(String s) {
        if (!s.isEmpty()) {
            emitted.append(s);
            out.accept(s);
        }
    }
}
