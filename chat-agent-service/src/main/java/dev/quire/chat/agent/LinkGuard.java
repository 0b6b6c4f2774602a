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
 * would load or click.
 */
public final class LinkGuard {
    private static final Pattern INLINE = Pattern.compile("^(!?)\\[([^\\]\\n]*)]\\(([^)\\n]*)\\)");
    private static final Pattern DEFINITION = Pattern.compile("^\\[([^\\]\\n]*)]:[ \\t]*(\\S*)");
    private static final Pattern AUTOLINK = Pattern.compile("^<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]*)>");
    private static final int MAX_PENDING = 1000;

    private final Set<String> allowed;
    private final Consumer<String> out;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder emitted = new StringBuilder();
    private int neutralised;

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
            } else if (!end && mayStillMatch(rest)) {
                return; // wait for more text
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
            return !rest.contains(">") && rest.chars().noneMatch(Character::isWhitespace);
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
