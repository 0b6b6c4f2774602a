package dev.quire.connector.source.s3;

import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.SourceConnector.SourceException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The S3 client's name resolution through the {@link OutboundGuard}: it connects only to the addresses the guard
 * checked, so a bucket host that resolves to a private address after the check (DNS rebinding) is never reached.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class GuardedDns implements DnsResolver {
    private final OutboundGuard guard;

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.addresses(host).toArray(new InetAddress[0]);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host; // never asked for by the SDK's client (no Kerberos/SPNEGO); the name as given
    }

    /** The guard's refusal inside an SDK failure, as the {@code private_address} a run records. */
    static Optional<SourceException> refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutboundGuard.RefusedHost r) {
                return Optional.of(new SourceException("private_address", r.getMessage()));
            }
        }
        return Optional.empty();
    }
}
