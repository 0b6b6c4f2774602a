package dev.quire.connector.source.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.Fields;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Amazon S3 and S3-compatible stores through the AWS SDK v2: ListObjectsV2 page by page (the cursor is the last key,
 * so a resumed run continues after it), the ETag as the item's version, a custom endpoint with path-style access.
 * One class, as every source is (settings, validation, session around one S3 client).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class S3Source implements SourceConnector {
    private static final Description DESCRIPTION = new Description(
            "s3", "Amazon S3 or an S3-compatible store", new Capabilities(false, true, false, false), configSchema());

    private final OutboundGuard guard;
    private final ConnectorsConfig connectorsConfig;

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> configSchema() {
        Map<String, Object> config = Fields.object(
                List.of("region", "bucket"),
                Fields.props(
                        "endpoint", Fields.string("S3-compatible endpoint URL (omit for AWS)", 2048, "uri"),
                        "region", Fields.string("Region, e.g. eu-west-1", 64, null),
                        "bucket", Fields.string("Bucket name", 63, null),
                        "prefix", Fields.string("Only keys starting with this prefix", 1024, null),
                        "pathStyle", Map.of("type", "boolean", "description", "Path-style addressing")));
        Map<String, Object> credentials = Fields.object(
                List.of("accessKeyId", "secretAccessKey"),
                Fields.props(
                        "accessKeyId", Fields.string("Access key id", 256, null),
                        "secretAccessKey", Fields.secret("Secret access key", 256)));
        return Fields.schema(config, credentials);
    }

    @Override
    public void validate(JsonNode config, JsonNode credentials) {
        String endpoint = Fields.optionalUrl(config, "config.endpoint");
        if (endpoint != null) {
            guard.checkSetting("config.endpoint", URI.create(endpoint));
        }
        if (!Fields.requiredString(config, "config.region", 64).matches("[A-Za-z0-9_-]{1,64}")) {
            throw Fields.invalid("config.region is not a region name (letters, digits and dashes, like eu-west-1)");
        }
        String bucket = Fields.requiredString(config, "config.bucket", 63);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw Fields.invalid("config.bucket is not a valid bucket name");
        }
        Fields.optionalString(config, "config.prefix", 1024);
        Fields.optionalBoolean(config, "config.pathStyle");
        Fields.requiredString(credentials, "credentials.accessKeyId", 256);
        Fields.requiredString(credentials, "credentials.secretAccessKey", 256);
        Fields.noOthers(config, "config", "endpoint", "region", "bucket", "prefix", "pathStyle");
        Fields.noOthers(credentials, "credentials", "accessKeyId", "secretAccessKey");
    }

    @Override
    public Session open(JsonNode config, JsonNode credentials, Known known) throws IOException {
        String endpoint = Fields.text(config, "endpoint");
        Duration timeout = connectorsConfig.httpTimeout();
        var b = S3Client.builder()
                .region(Region.of(config.get("region").asText()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("accessKeyId").asText(),
                        credentials.get("secretAccessKey").asText())))
                .forcePathStyle(config.path("pathStyle").asBoolean(false))
                // S3-compatible stores (s3proxy, older MinIO) refuse the SDK's default flexible checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .dnsResolver(new GuardedDns(guard))
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout.multipliedBy(2)));
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            try {
                guard.check(uri);
                if (!config.path("pathStyle").asBoolean(false)) {
                    // virtual-hosted addressing sends the request to <bucket>.<endpoint host>: a name of its own
                    // (bucket "169-254-169-254" under a wildcard-DNS endpoint resolves to the metadata address)
                    guard.checkHost(config.get("bucket").asText() + "." + uri.getHost());
                }
            } catch (OutboundGuard.RefusedException e) {
                throw SourceException.refused(e);
            }
            b.endpointOverride(uri);
        }
        String bucket = config.get("bucket").asText();
        String prefix = Fields.text(config, "prefix");
        String base = endpoint != null ? Fields.stripSlash(endpoint) + "/" + bucket + "/" : "s3://" + bucket + "/";
        return new S3Session(b.build(), bucket, prefix, base);
    }

    @RequiredArgsConstructor
    private final class S3Session implements Session {
        private final S3Client s3;
        private final String bucket;
        private final String prefix;
        private final String base;

        @Override
        public Page list(String cursor, Window window) throws IOException {
            var req = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .maxKeys(connectorsConfig.s3().pageSize());
            if (prefix != null) {
                req.prefix(prefix);
            }
            if (cursor != null) {
                req.startAfter(cursor);
            }
            try {
                var res = s3.listObjectsV2(req.build());
                List<Item> items = new ArrayList<>();
                String last = null;
                for (S3Object o : res.contents()) {
                    last = o.key();
                    if (o.key().endsWith("/")) {
                        continue; // a "folder" marker has no content
                    }
                    items.add(new Item(
                            o.key(),
                            o.eTag(),
                            o.key().substring(o.key().lastIndexOf('/') + 1),
                            base + o.key(),
                            o.lastModified(),
                            o.size() == null ? 0 : o.size(),
                            Access.unknown()));
                }
                boolean more = Boolean.TRUE.equals(res.isTruncated()) && last != null;
                return new Page(items, more ? last : null);
            } catch (S3Exception e) {
                throw new SourceException(
                        "source_error",
                        "listing s3://" + bucket + " failed: " + e.statusCode() + " "
                                + e.awsErrorDetails().errorCode());
            } catch (SdkException e) {
                throw GuardedDns.refused(e)
                        .orElseGet(() -> SourceException.unreachable("listing s3://" + bucket + " failed", e));
            }
        }

        @Override
        public Content fetch(Item item, String knownVersion) throws IOException {
            try {
                var res = s3.getObject(
                        GetObjectRequest.builder().bucket(bucket).key(item.id()).build(),
                        ResponseTransformer.toBytes());
                return new Content(
                        res.asByteArray(),
                        res.response().contentType(),
                        res.response().eTag(),
                        false,
                        null);
            } catch (NoSuchKeyException e) {
                throw new SourceException("gone", "the object vanished while the run read it");
            } catch (S3Exception e) {
                throw new SourceException(
                        "source_error",
                        "reading the object failed: " + e.statusCode() + " "
                                + e.awsErrorDetails().errorCode());
            } catch (SdkException e) {
                throw GuardedDns.refused(e)
                        .orElseGet(() -> SourceException.unreachable("reading the object failed", e));
            }
        }

        @Override
        public void close() {
            s3.close();
        }
    }
}
