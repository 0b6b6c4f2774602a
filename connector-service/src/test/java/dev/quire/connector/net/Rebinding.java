package dev.quire.connector.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import lombok.RequiredArgsConstructor;

/**
 * A name server under an attacker's control, for one name: the outbound guard's check gets a public address, a
 * connecting HTTP client (OkHttp, Apache HttpClient 5) the address it was after — DNS rebinding with a zero TTL. With
 * {@code allowPrivate} the same resolver shows the clients resolve through the guard: the name exists nowhere else.
 */
@RequiredArgsConstructor
public final class Rebinding implements OutboundGuard.Resolver {
    private static final String PUBLIC = "93.184.215.14";

    private final String name;
    private final String target;
    /** Lookups a connecting client made. */
    public final AtomicInteger connects = new AtomicInteger();

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (!host.equalsIgnoreCase(name)) {
            throw new UnknownHostException(host);
        }
        boolean connecting = StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("okhttp3.")
                        || f.getClassName().startsWith("org.apache.hc.")));
        if (connecting) {
            connects.incrementAndGet();
        }
        return new InetAddress[] {InetAddress.getByName(connecting ? target : PUBLIC)};
    }

    /** A guard resolving through this name server. */
    public OutboundGuard guard(boolean allowPrivate) {
        return new OutboundGuard(allowPrivate, this);
    }
}
