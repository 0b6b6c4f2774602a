package dev.quire.connector.net;

import dev.quire.connector.config.ConnectorsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * Decides whether a connector may reach a host a tenant named: only public addresses, unless the operator allows
 * private networks ({@code QUIRE_CONNECTORS_ALLOW_PRIVATE=true}, off by default). Every address the name resolves to
 * must be public, so a name with one private address is refused; each redirect is checked again by the caller. The
 * HTTP clients connectors use resolve names through {@link #dns()} (OkHttp) or {@link #addresses} (the S3 SDK's
 * Apache client) and connect only to the addresses just checked: a name that answers a public address to the check
 * and a private one a moment later (DNS rebinding) is never connected to.
 */
@ApplicationScoped
public class OutboundGuard {
    /** A host the connector may not reach; the message says why and how an operator allows it. */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** A host that does not resolve now: refused when connecting, left to the run when settings are saved. */
    public static class UnresolvedException extends RefusedException {
        public UnresolvedException(String message) {
            super(message);
        }
    }

    /** A name the HTTP client may not connect to; an UnknownHostException so it travels through the clients. */
    public static final class RefusedHost extends UnknownHostException {
        public RefusedHost(String message) {
            super(message);
        }
    }

    /** Name resolution: the system's, or a test's that answers differently each time. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    @Inject
    public OutboundGuard(ConnectorsConfig config) {
        this(config.allowPrivate());
    }

    /** A guard resolving names through the system. */
    public OutboundGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public OutboundGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Throws {@link RefusedException} unless the URI is http(s) to a host whose every address is allowed. */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RefusedException("the URL has no host");
        }
        checkHost(uri.getHost());
    }

    /**
     * The check a URL in a connector's settings gets when they are saved, so a private address is refused there, in
     * the form, instead of failing every run: 400 naming the field; a name that does not resolve now is left to the
     * run (DNS may answer by then, and the run checks again anyway).
     */
    public void checkSetting(String field, URI uri) {
        try {
            check(uri);
        } catch (UnresolvedException e) {
            // decided when the run connects
        } catch (RefusedException e) {
            throw dev.quire.platform.api.ApiException.validation(field + ": " + e.getMessage());
        }
    }

    public void checkHost(String host) {
        if (allowPrivate) {
            return;
        }
        try {
            addresses(host);
        } catch (RefusedHost e) {
            throw new RefusedException(e.getMessage());
        } catch (UnknownHostException e) {
            throw new UnresolvedException("host " + host + " does not resolve");
        }
    }

    /**
     * Every address the name resolves to, each one allowed: what a client connects to. Throws {@link RefusedHost}
     * when one is private (unless the operator allows them), UnknownHostException when the name does not resolve.
     */
    public List<InetAddress> addresses(String host) throws UnknownHostException {
        InetAddress[] all = resolver.resolve(host);
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (isPrivate(a)) {
                    // said to a tenant's admin: the operator's setting is in docs/CONNECTORS.md, not here
                    throw new RefusedHost("host " + host + " resolves to the private address " + a.getHostAddress()
                            + "; connectors reach only public addresses unless the operator of this installation"
                            + " allows private networks");
                }
            }
        }
        return List.of(all);
    }

    /** OkHttp's name lookup through {@link #addresses}: the connection goes only to the addresses checked. */
    public Dns dns() {
        return this::addresses;
    }

    /**
     * An OkHttp client for a connector: names resolved through the guard, redirects not followed (the caller follows
     * them, checking each target), connect and read timeouts.
     */
    public OkHttpClient.Builder httpClient(Duration timeout) {
        return new OkHttpClient.Builder()
                .dns(dns())
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(timeout)
                .readTimeout(timeout);
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:a.b.c.d is checked as the IPv4 address it maps (Java returns it as one)
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
            int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (w0 == 0x2001 && (w1 == 0 || w1 == 0x0db8)) {
                return true; // Teredo (tunnels to an IPv4 address) and the documentation range
            }
            if (w0 == 0x0064 && w1 == 0xff9b) {
                // NAT64: 64:ff9b::/96 reaches the IPv4 address in its last four bytes; 64:ff9b:1::/48 is local use
                return !zero(b, 4, 12) || isPrivate(v4(b, 12));
            }
            if (w0 == 0x2002) {
                return isPrivate(v4(b, 2)); // 6to4 names its IPv4 relay in bytes 2-5
            }
            if (zero(b, 0, 12)) {
                return isPrivate(v4(b, 12)); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
            }
            return false;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // "this network"
                || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || first >= 240; // reserved and broadcast
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, at, at + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
