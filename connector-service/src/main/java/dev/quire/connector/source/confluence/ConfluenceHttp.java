package dev.quire.connector.source.confluence;

import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.RetryAfter;
import dev.quire.connector.source.SourceConnector.SourceException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * GETs against one Confluence site with basic auth (email and API token): every URL and redirect checked by the
 * outbound guard, the credential sent only to the site's own origin (an attachment's redirect to Atlassian's media
 * host gets none), 429 and 5xx retried after the clamped {@code Retry-After}, bodies capped in size.
 */
final class ConfluenceHttp {
    /** A response body and its content type. */
    record Body(byte[] bytes, String contentType) {}

    private static final int MAX_REDIRECTS = 5;

    private final OkHttpClient client;
    private final OutboundGuard guard;
    private final URI origin;
    private final String authorization;
    private final Duration timeout;
    private final Duration maxRetryAfter;
    private final int attempts;

    ConfluenceHttp(
            OutboundGuard guard,
            URI origin,
            String email,
            String apiToken,
            Duration timeout,
            Duration maxRetryAfter,
            int attempts) {
        this.guard = guard;
        this.origin = origin;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.maxRetryAfter = maxRetryAfter;
        this.attempts = attempts;
        // redirects are followed by hand: each is checked by the guard and loses the credential off-origin
        this.client = guard.httpClient(timeout).build();
    }

    /** The body of a GET, at most {@code maxBytes}; throws a {@link SourceException} with a stable code otherwise. */
    Body get(URI uri, long maxBytes) throws IOException {
        int attempt = 0;
        while (true) {
            attempt++;
            Duration wait;
            try (Response res = follow(uri)) {
                int status = res.code();
                if (status == 200) {
                    byte[] bytes =
                            res.body().byteStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (bytes.length > maxBytes) {
                        throw new SourceException("too_large", "the response is larger than " + maxBytes + " bytes");
                    }
                    return new Body(bytes, res.header("Content-Type"));
                }
                boolean retryable = status == 429 || status >= 500;
                if (!retryable || attempt >= attempts) {
                    throw failure(status);
                }
                wait = RetryAfter.delay(res.header("Retry-After"), attempt, maxRetryAfter);
            }
            RetryAfter.sleep(wait); // after the response is closed: its connection goes back to the pool
        }
    }

    private Response follow(URI start) throws IOException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            try {
                guard.check(uri);
            } catch (OutboundGuard.RefusedException e) {
                throw SourceException.refused(e);
            }
            HttpUrl target = HttpUrl.parse(uri.toString());
            if (target == null) {
                throw new SourceException("source_error", "Confluence named a URL that cannot be requested");
            }
            var req = new Request.Builder().url(target).header("Accept", "application/json, */*");
            if (sameOrigin(uri)) {
                req.header("Authorization", authorization);
            }
            Response res;
            try {
                res = client.newCall(req.get().build()).execute();
            } catch (OutboundGuard.RefusedHost e) {
                throw new SourceException("private_address", e.getMessage());
            } catch (IOException e) {
                throw SourceException.unreachable("Confluence did not answer", e);
            }
            int status = res.code();
            String location = res.header("Location");
            if (status >= 300 && status < 400 && location != null) {
                res.close();
                uri = uri.resolve(location);
                continue;
            }
            return res;
        }
        throw new SourceException("source_error", "Confluence redirected more than " + MAX_REDIRECTS + " times");
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(origin.getScheme())
                && uri.getHost().equalsIgnoreCase(origin.getHost())
                && uri.getPort() == origin.getPort();
    }

    private static SourceException failure(int status) {
        return switch (status) {
            case 401, 403 -> new SourceException(
                    "unauthorized",
                    "Confluence refused the credentials (" + status + "): check the email and API token");
            case 404, 410 -> new SourceException("gone", "Confluence answered " + status + ": the content is gone");
            case 429 -> new SourceException("throttled", "Confluence kept answering 429 Too Many Requests");
            default -> new SourceException(
                    status >= 500 ? "source_error" : "source_refused", "Confluence answered " + status);
        };
    }
}
