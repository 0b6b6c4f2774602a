package dev.quire.connector.source.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.connector.config.TestConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.SourceConnector.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A custom endpoint's requests go to {@code <bucket>.<host>} unless path-style: that host is checked too. */
class S3BucketHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lets the endpoint's own host pass and refuses any other, recording what was asked. */
    private static final class Recording extends OutboundGuard {
        final List<String> hosts = new ArrayList<>();

        Recording() {
            super(false);
        }

        @Override
        public void checkHost(String host) {
            hosts.add(host);
            if (!host.equals("s3.example.com")) {
                throw new RefusedException("host " + host + " resolves to the private address 169.254.169.254");
            }
        }
    }

    private static SourceException open(Recording guard, boolean pathStyle) throws Exception {
        var source = new S3Source(
                guard,
                TestConnectorsConfig.of(
                        Map.of("quire.connectors.s3.page-size", "20", "quire.connectors.http-timeout", "PT5S")));
        var config = JSON.createObjectNode()
                .put("endpoint", "https://s3.example.com")
                .put("region", "us-east-1")
                .put("bucket", "169-254-169-254")
                .put("pathStyle", pathStyle);
        var credentials = JSON.createObjectNode().put("accessKeyId", "a").put("secretAccessKey", "b");
        try {
            source.open(config, credentials, null).close();
            return null;
        } catch (SourceException e) {
            return e;
        }
    }

    @Test
    void aVirtualHostedBucketsHostIsCheckedLikeTheEndpoints() throws Exception {
        var guard = new Recording();
        var refused = open(guard, false);
        assertEquals("private_address", refused == null ? null : refused.code());
        assertEquals(List.of("s3.example.com", "169-254-169-254.s3.example.com"), guard.hosts);
    }

    @Test
    void aPathStyleBucketSendsToTheEndpointOnly() throws Exception {
        var guard = new Recording();
        assertEquals(null, open(guard, true));
        assertEquals(List.of("s3.example.com"), guard.hosts);
    }
}
