package dev.quire.ingestion.blob;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The four S3 calls Quire needs (create bucket, put, get, delete object) on the JDK HTTP client, path-style, signed
 * with AWS Signature Version 4; small enough to read in one go, and no SDK to keep in step with the mirror.
 */
public class S3Client {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final Duration timeout;
    private final HttpClient http;

    public S3Client(URI endpoint, String region, String accessKey, String secretKey, Duration timeout) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Creates the bucket; one that already exists (and is ours) is fine. */
    public void createBucket(String bucket) {
        var r = send("PUT", "/" + bucket, new byte[0]);
        if (r.statusCode() != 200 && r.statusCode() != 409) {
            throw failure("create bucket " + bucket, r);
        }
    }

    public void put(String bucket, String key, byte[] bytes) {
        var r = send("PUT", path(bucket, key), bytes);
        if (r.statusCode() != 200) {
            throw failure("put " + key, r);
        }
    }

    /** The object's bytes, or null when it does not exist. */
    public byte[] get(String bucket, String key) {
        var r = send("GET", path(bucket, key), new byte[0]);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw failure("get " + key, r);
        }
        return r.body();
    }

    /** Deletes an object; a missing one is not an error (S3 answers 204 either way). */
    public void delete(String bucket, String key) {
        var r = send("DELETE", path(bucket, key), new byte[0]);
        if (r.statusCode() != 204 && r.statusCode() != 200 && r.statusCode() != 404) {
            throw failure("delete " + key, r);
        }
    }

    private static String path(String bucket, String key) {
        var sb = new StringBuilder("/").append(bucket);
        for (String segment : key.split("/")) {
            sb.append('/')
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = STAMP.format(now);
        String date = amzDate.substring(0, 8);
        String payloadHash = HEX.formatHex(sha256(body));
        String host = endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        String base = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/$", "");
        String canonical = method + "\n" + base + path + "\n\n" + "host:" + host + "\n" + "x-amz-content-sha256:"
                + payloadHash + "\n" + "x-amz-date:" + amzDate + "\n\n" + "host;x-amz-content-sha256;x-amz-date\n"
                + payloadHash;
        String scope = date + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        var request = HttpRequest.newBuilder(endpoint.resolve(base + path))
                .timeout(timeout)
                .header("x-amz-date", amzDate)
                .header("x-amz-content-sha256", payloadHash)
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("S3 " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static IllegalStateException failure(String what, HttpResponse<byte[]> r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        return new IllegalStateException("S3 " + what + ": HTTP " + r.statusCode() + " "
                + (body.length() > 300 ? body.substring(0, 300) : body));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
