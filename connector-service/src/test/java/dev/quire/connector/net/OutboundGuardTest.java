package dev.quire.connector.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {
    private final OutboundGuard guard = new OutboundGuard(false);

    @Test
    void privateLoopbackAndMetadataAddressesAreRefusedByDefault() {
        for (String url : List.of(
                "http://127.0.0.1:9000/",
                "http://localhost/",
                "http://10.1.2.3/",
                "http://172.16.0.1/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.64.0.1/",
                "http://0.0.0.0/",
                "http://[::1]/",
                "http://[fd00::1]/",
                "http://[::ffff:127.0.0.1]/")) {
            var e = assertThrows(OutboundGuard.RefusedException.class, () -> guard.check(URI.create(url)), url);
            assertTrue(
                    e.getMessage().contains("unless the operator of this installation allows private networks")
                            || e.getMessage().contains("does not resolve"),
                    e.getMessage());
        }
    }

    @Test
    void ipv6FormsThatReachAnIpv4AddressAreCheckedAsThatAddress() {
        for (String url : List.of(
                "http://[::127.0.0.1]:8080/", // IPv4-compatible
                "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of 169.254.169.254
                "http://[64:ff9b:1::1]/", // local-use NAT64
                "http://[2002:7f00:1::1]/", // 6to4 of 127.0.0.1
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", // Teredo
                "http://[2001:db8::1]/")) { // documentation
            assertThrows(OutboundGuard.RefusedException.class, () -> guard.check(URI.create(url)), url);
        }
        // the positive control: the same forms of a public address pass
        assertDoesNotThrow(() -> guard.check(URI.create("http://[64:ff9b::5db8:d70e]/")));
        assertDoesNotThrow(() -> guard.check(URI.create("http://[2002:5db8:d70e::1]/")));
    }

    @Test
    void publicAddressesPass() {
        assertDoesNotThrow(() -> guard.check(URI.create("https://93.184.215.14/")));
        assertDoesNotThrow(() -> guard.check(URI.create("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/")));
    }

    @Test
    void otherSchemesAreRefused() {
        assertThrows(OutboundGuard.RefusedException.class, () -> guard.check(URI.create("file:///etc/passwd")));
        assertThrows(OutboundGuard.RefusedException.class, () -> guard.check(URI.create("gopher://example.com/")));
    }

    @Test
    void theOperatorMayAllowPrivateNetworks() {
        assertDoesNotThrow(() -> new OutboundGuard(true).check(URI.create("http://127.0.0.1:9000/")));
    }
}
