package dev.quire.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwarded headers are believed only from configured proxies, and only the hops those proxies added. */
class ClientAddressTest {
    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxiesAndOnlyTheirHops() {
        var address = new ClientAddress(ClientAddress.parse(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8", "proxy")));
        assertTrue(address.trusted("10.1.2.3"));
        assertTrue(address.trusted("192.0.2.7"));
        assertTrue(address.trusted("fd12::1"));
        assertFalse(address.trusted("192.0.2.8"));
        assertFalse(address.trusted("proxy"), "host names are never trusted (no DNS per request)");
        // the client claims to be 1.1.1.1; the trusted proxy appended the real address
        assertEquals("203.0.113.5", address.forwardedFor(List.of("1.1.1.1, 203.0.113.5"), "10.0.0.2"));
        // two trusted proxies in a row
        assertEquals("203.0.113.5", address.forwardedFor(List.of("1.1.1.1, 203.0.113.5, 10.9.9.9"), "10.0.0.2"));
        // garbage is not an address: the nearest proxy is the client then
        assertEquals("10.9.9.9", address.forwardedFor(List.of("evil, 10.9.9.9"), "10.0.0.2"));
        assertEquals("10.0.0.2", address.forwardedFor(List.of(), "10.0.0.2"));
        // trusting no one (the default) believes nothing
        assertFalse(new ClientAddress(ClientAddress.parse(List.of())).trusted("127.0.0.1"));
    }
}
