package dev.quire.gateway.edge;

import dev.quire.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Who the client is, as the gateway itself determines it: the peer's address and the connection's scheme and
 * {@code Host}, unless the peer is one of the configured trusted proxies ({@code quire.gateway.trusted-proxies},
 * QUIRE_TRUSTED_PROXIES: IP addresses or CIDR ranges, default none). Only then are its {@code X-Forwarded-For}
 * (the right-most address that is not itself a trusted proxy), {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} believed. A client's own forwarded headers never count; the proxy forwards only what
 * is decided here, and the per-IP limits, HSTS and the services' audit addresses all use it.
 * One class because parsing the trusted ranges, the per-request decision and its readers ({@code ip},
 * {@code scheme}, {@code host}) share the ranges and the routing-context keys, so nothing works out a client's
 * address another way.
 */
@ApplicationScoped
public class ClientAddress {
    private static final Logger LOG = Logger.getLogger(ClientAddress.class);
    private static final String IP = "quire.client.ip";
    private static final String SCHEME = "quire.client.scheme";
    private static final String HOST = "quire.client.host";
    private static final Pattern LITERAL = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$");
    private static final Pattern HOST_HEADER = Pattern.compile("^[A-Za-z0-9.:\\[\\]-]{1,255}$");

    /** One trusted address or range. */
    record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> trusted;

    public ClientAddress(GatewayConfig config) {
        this(parse(config.trustedProxies().orElse(List.of())));
    }

    ClientAddress(List<Range> trusted) {
        this.trusted = trusted;
    }

    /** IP literals and CIDR ranges; anything else (a host name would need DNS on every request) is ignored. */
    static List<Range> parse(List<String> entries) {
        List<Range> out = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                LOG.errorf("quire.gateway.trusted-proxies: '%s' is not an IP address or CIDR range, ignored", e);
                continue;
            }
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    LOG.errorf("quire.gateway.trusted-proxies: '%s' has a bad prefix length, ignored", e);
                    continue;
                }
            }
            out.add(new Range(address, bits));
        }
        return List.copyOf(out);
    }

    /** The bytes of an IP literal, never resolving a name; null when it is not one. */
    static byte[] literal(String s) {
        String a = s == null ? "" : s.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.isEmpty() || !LITERAL.matcher(a).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    boolean trusted(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (Range r : trusted) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    void install(@Observes Router router) {
        router.route().order(-995).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        var req = ctx.request();
        String peer =
                req.remoteAddress() == null ? "unknown" : req.remoteAddress().host();
        String ip = peer;
        String scheme = req.scheme();
        String host = req.authority() == null
                ? req.getHeader("Host")
                : req.authority().toString();
        if (!trusted.isEmpty() && trusted(peer)) {
            ip = forwardedFor(req.headers().getAll("X-Forwarded-For"), peer);
            String proto = first(req.headers().getAll("X-Forwarded-Proto"));
            if ("https".equals(proto) || "http".equals(proto)) {
                scheme = proto;
            }
            String fwdHost = first(req.headers().getAll("X-Forwarded-Host"));
            if (fwdHost != null && HOST_HEADER.matcher(fwdHost).matches()) {
                host = fwdHost;
            }
        }
        ctx.put(IP, ip);
        ctx.put(SCHEME, scheme);
        ctx.put(HOST, host);
        ctx.next();
    }

    /** The right-most address of the chain that is not a trusted proxy (the ones left of it are the client's say). */
    String forwardedFor(List<String> headers, String peer) {
        List<String> hops = new ArrayList<>();
        for (String h : headers) {
            for (String hop : h.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (literal(hops.get(i)) == null) {
                break; // not an address: nothing left of it is believed
            }
            client = hops.get(i);
            if (!trusted(client)) {
                break;
            }
        }
        return client;
    }

    private static String first(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.get(0).split(",")[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The client's address (the peer's unless a trusted proxy said otherwise). */
    public static String ip(RoutingContext ctx) {
        String ip = ctx.get(IP);
        if (ip != null) {
            return ip;
        }
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().host();
    }

    /** {@code http} or {@code https}: how the client reached the gateway (or its trusted proxy). */
    public static String scheme(RoutingContext ctx) {
        String scheme = ctx.get(SCHEME);
        return scheme != null ? scheme : ctx.request().scheme();
    }

    /** The host (and port) the client addressed. */
    public static String host(RoutingContext ctx) {
        String host = ctx.get(HOST);
        if (host != null) {
            return host;
        }
        var authority = ctx.request().authority();
        return authority == null ? ctx.request().getHeader("Host") : authority.toString();
    }
}
