package dev.quire.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.connector.config.TestConnectorsConfig;
import dev.quire.connector.net.Rebinding;
import dev.quire.connector.source.SourceConnector;
import dev.quire.connector.source.SourceConnector.SourceException;
import dev.quire.connector.source.s3.S3Source;
import dev.quire.platform.testing.S3Proxy;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 client connects only to the addresses the outbound guard checked (a real s3proxy behind a rebinding name). */
class S3RebindingTest extends WithS3Bucket {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void putPage() {
        fixture.client().putObject(b -> b.bucket(fixture.bucket()).key("a.txt"), RequestBody.fromString("A page."));
    }

    private static SourceConnector.Session open(Rebinding dns, boolean allowPrivate) throws Exception {
        var config = JSON.createObjectNode()
                .put("endpoint", "http://s3.rebind.test:" + fixture.endpoint().getPort())
                .put("region", "us-east-1")
                .put("bucket", fixture.bucket())
                .put("pathStyle", true);
        var credentials =
                JSON.createObjectNode().put("accessKeyId", S3Proxy.IDENTITY).put("secretAccessKey", S3Proxy.CREDENTIAL);
        var connectorsConfig = TestConnectorsConfig.of(
                Map.of("quire.connectors.s3.page-size", "20", "quire.connectors.http-timeout", "PT5S"));
        return new S3Source(dns.guard(allowPrivate), connectorsConfig).open(config, credentials, id -> null);
    }

    @Test
    void anEndpointThatRebindsToAPrivateAddressAfterItsCheckIsNeverListed() throws Exception {
        var dns = new Rebinding("s3.rebind.test", "127.0.0.1");
        try (var session = open(dns, false)) {
            var e = assertThrows(SourceException.class, () -> session.list(null, null));
            assertEquals("private_address", e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
        assertTrue(dns.connects.get() > 0, "the SDK asked the guard, not the system, for the address");

        // the positive control: with private networks allowed the same name (known only to this name server) lists
        // the bucket, so the SDK connected to the guard's answer
        try (var session = open(dns, true)) {
            assertEquals("a.txt", session.list(null, null).items().get(0).name());
        }
    }
}
