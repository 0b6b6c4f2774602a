package dev.quire.connector.source.sharepoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.http.KiotaClientFactory;
import com.microsoft.kiota.http.middleware.RetryHandler;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.source.RetryAfter;
import dev.quire.connector.source.SourceConnector.SourceException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP stack under the Graph SDK for one run: Kiota's middleware without its own retry handler (Quire's clamped
 * {@link RetryAfter} replaces it), every hop — a download's 302 included — checked by the {@link OutboundGuard} and
 * stripped of the bearer when it leaves Graph's host, and an app-only token from the identity platform's
 * client-credentials grant (docs/DESIGN.md says why not azure-identity). Slightly over 200 lines: the token
 * provider is a nested class because it must share this stack's guarded client and its failure types.
 */
final class GraphHttp {
    private static final int MAX_ATTEMPTS = 4;
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    private GraphHttp() {}

    /** A hop the guard refused: an IOException so it travels through OkHttp and Kiota to the session. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** The token endpoint refused or failed; unchecked because Kiota's token provider cannot throw checked ones. */
    static final class TokenFailure extends RuntimeException {
        final transient SourceException reason;

        TokenFailure(SourceException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    /** The client the Graph SDK sends through. */
    static OkHttpClient graphClient(
            OutboundGuard guard, ConnectionPool pool, String graphHost, Duration timeout, Duration maxRetryAfter) {
        List<Interceptor> chain = new ArrayList<>();
        chain.add(retry(maxRetryAfter)); // outermost: a throttled hop repeats the whole (redirected) request
        for (Interceptor i : GraphClientFactory.createDefaultGraphInterceptors(new GraphClientOption())) {
            if (!(i instanceof RetryHandler)) {
                chain.add(i);
            }
        }
        return KiotaClientFactory.create(chain)
                .addNetworkInterceptor(hop(guard, graphHost))
                .dns(guard.dns())
                .connectionPool(pool)
                .connectTimeout(timeout)
                .readTimeout(timeout) // no call timeout: it would also cut the clamped Retry-After waits
                .build();
    }

    /** A plain client (no redirects) for the token endpoint. */
    static OkHttpClient tokenClient(OutboundGuard guard, ConnectionPool pool, Duration timeout) {
        return new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(hop(guard, null))
                .dns(guard.dns())
                .connectionPool(pool)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .build();
    }

    /** Every request OkHttp actually sends: its host must pass the guard, and only Graph's host sees the bearer. */
    private static Interceptor hop(OutboundGuard guard, String graphHost) {
        return chain -> {
            Request r = chain.request();
            URI uri = r.url().uri();
            try {
                guard.check(uri);
            } catch (OutboundGuard.RefusedException e) {
                throw new Refused(e.getMessage());
            }
            if (graphHost == null || !graphHost.equalsIgnoreCase(uri.getHost())) {
                r = r.newBuilder().removeHeader("Authorization").build();
            }
            return chain.proceed(r);
        };
    }

    /** Throttling and transient 5xx on a GET: waits the source's Retry-After (clamped) or a back-off, a few times. */
    private static Interceptor retry(Duration maxRetryAfter) {
        return chain -> {
            Request r = chain.request();
            int attempt = 0;
            while (true) {
                Response res = chain.proceed(r);
                attempt++;
                if (!"GET".equals(r.method()) || !TRANSIENT.contains(res.code()) || attempt >= MAX_ATTEMPTS) {
                    return res;
                }
                String after = res.header("Retry-After");
                res.close();
                RetryAfter.sleep(RetryAfter.delay(after, attempt, maxRetryAfter));
            }
        };
    }

    /** App-only tokens from {@code {authority}/{tenant}/oauth2/v2.0/token}, cached until a minute before expiry. */
    static final class ClientCredentials implements AccessTokenProvider {
        private static final String SCOPE = "https://graph.microsoft.com/.default";

        private final OkHttpClient http;
        private final ObjectMapper json;
        private final String tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private final AllowedHostsValidator hosts;
        private String token;
        private Instant expires = Instant.EPOCH;

        ClientCredentials(
                OkHttpClient http,
                ObjectMapper json,
                String tokenUrl,
                String clientId,
                String clientSecret,
                String graphHost) {
            this.http = http;
            this.json = json;
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.hosts = new AllowedHostsValidator(graphHost);
        }

        @Override
        public synchronized String getAuthorizationToken(URI uri, Map<String, Object> additionalContext) {
            if (!hosts.isUrlHostValid(uri)) {
                return ""; // Kiota sends no bearer to a host that is not Graph's
            }
            if (token == null || Instant.now().isAfter(expires)) {
                fetch();
            }
            return token;
        }

        @Override
        public AllowedHostsValidator getAllowedHostsValidator() {
            return hosts;
        }

        private void fetch() {
            var form = new FormBody.Builder()
                    .add("client_id", clientId)
                    .add("client_secret", clientSecret)
                    .add("scope", SCOPE)
                    .add("grant_type", "client_credentials")
                    .build();
            var req = new Request.Builder().url(tokenUrl).post(form).build();
            try (Response res = http.newCall(req).execute()) {
                if (!res.isSuccessful()) {
                    // the identity platform's error code (e.g. invalid_client) only: its description echoes ids
                    String code = errorCode(res);
                    throw new TokenFailure(new SourceException(
                            res.code() == 400 || res.code() == 401 ? "unauthorized" : "source_error",
                            "the Microsoft identity platform refused the client credentials (" + res.code()
                                    + (code == null ? "" : " " + code) + "): check the tenant, client id and secret"));
                }
                JsonNode body = json.readTree(res.body().byteStream());
                String t = body.path("access_token").asText(null);
                if (t == null || t.isBlank()) {
                    throw new TokenFailure(
                            new SourceException("source_error", "the token endpoint answered without a token"));
                }
                long ttl = Math.max(60, body.path("expires_in").asLong(3599));
                token = t;
                expires = Instant.now().plusSeconds(ttl - 60);
            } catch (Refused | OutboundGuard.RefusedHost e) {
                throw new TokenFailure(new SourceException("private_address", e.getMessage()));
            } catch (IOException e) {
                throw new TokenFailure(
                        SourceException.unreachable("the Microsoft identity platform did not answer", e));
            }
        }

        private String errorCode(Response res) {
            try {
                String code =
                        json.readTree(res.body().byteStream()).path("error").asText(null);
                return code != null && code.matches("[a-z_]{1,64}") ? code : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
