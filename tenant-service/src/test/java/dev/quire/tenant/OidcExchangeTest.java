package dev.quire.tenant;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens of an external OIDC issuer (a JDK HTTP server publishing a test key's JWKS) exchange for Quire tokens. */
@QuarkusTest
class OidcExchangeTest {
    private static final String ISSUER = "https://idp.test.example";
    private static KeyPair idpKey;
    private static HttpServer server;

    @BeforeAll
    static void startIdp() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        idpKey = gen.generateKeyPair();
        var pub = (RSAPublicKey) idpKey.getPublic();
        String jwks = Api.JSON.writeValueAsString(Map.of("keys", new Object[] {
            Map.of(
                    "kty", "RSA",
                    "use", "sig",
                    "alg", "RS256",
                    "kid", "idp-1",
                    "n", b64u(pub.getModulus()),
                    "e", b64u(pub.getPublicExponent()))
        }));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 18981), 0);
        server.createContext("/jwks", ex -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stopIdp() {
        server.stop(0);
    }

    private static String idpToken(
            String issuer, Object tenant, String sub, String email, long expiresAt, KeyPair key) {
        return Jwt.issuer(issuer)
                .subject(sub)
                .audience("quire-app")
                .claim("email", email)
                .claim("quire_tenant", tenant.toString())
                .expiresAt(expiresAt)
                .jws()
                .keyId("idp-1")
                .sign(key.getPrivate());
    }

    private static io.restassured.response.Response exchange(String token) {
        return Api.internal().body(Map.of("token", token)).post("/internal/v1/credentials/exchange");
    }

    /** The Quire user id a successful exchange of this token answers. */
    private static String exchangedUserId(String token) {
        return exchange(token).then().statusCode(200).extract().path("userId");
    }

    @Test
    void externalTokenMapsToAMemberOfTheNamedTenant() throws Exception {
        var owner = Api.signup();
        String email = Api.email();
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        var first = exchange(idpToken(ISSUER, owner.tenantId(), "alice-" + UUID.randomUUID(), email, exp, idpKey));
        first.then()
                .statusCode(200)
                .body("tenantId", equalTo(owner.tenantId().toString()))
                .body("expiresIn", lessThanOrEqualTo(300));
        var claims = Api.claims(first.jsonPath().getString("accessToken"));
        assertEquals("member", claims.get("groups").get(0).asText());
        assertEquals(owner.tenantId().toString(), claims.get("tenant_id").asText());
        assertFalse(claims.has("api_key_id"));
        // the same person again is the same user, and it works as a Quire token
        String userId = first.jsonPath().getString("userId");
        String sub = "bob-" + UUID.randomUUID();
        String other = Api.email();
        String t1 = exchangedUserId(idpToken(ISSUER, owner.tenantId(), sub, other, exp, idpKey));
        String t2 = exchangedUserId(idpToken(ISSUER, owner.tenantId(), sub, other, exp, idpKey));
        assertEquals(t1, t2);
        Api.as(first.jsonPath().getString("accessToken"))
                .get("/api/v1/tenant")
                .then()
                .statusCode(200);
        Api.as(owner.token())
                .get("/api/v1/users/" + userId)
                .then()
                .statusCode(200)
                .body("email", equalTo(email));
    }

    @Test
    void wrongIssuerExpiredOrForeignSignatureIsRefused() throws Exception {
        var owner = Api.signup();
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        exchange(idpToken("https://evil.example", owner.tenantId(), "eve", Api.email(), exp, idpKey))
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        long past = Instant.now().minusSeconds(600).getEpochSecond();
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        // expired, signed by a key the issuer does not publish, naming an unknown tenant
        for (String refused : List.of(
                idpToken(ISSUER, owner.tenantId(), "eve", Api.email(), past, idpKey),
                idpToken(ISSUER, owner.tenantId(), "eve", Api.email(), exp, gen.generateKeyPair()),
                idpToken(ISSUER, UUID.randomUUID(), "eve", Api.email(), exp, idpKey))) {
            exchange(refused).then().statusCode(401);
        }
    }

    @Test
    void anEmailOfAnotherTenantIsNotTakenOver() throws Exception {
        var a = Api.signup();
        var b = Api.signup();
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        // emails are unique per tenant: the issuer's user gets an account of their own in the tenant it names
        var r = exchange(idpToken(ISSUER, b.tenantId(), "mallory", a.email(), exp, idpKey));
        r.then().statusCode(200).body("tenantId", equalTo(b.tenantId().toString()));
        var claims = Api.claims(r.jsonPath().getString("accessToken"));
        assertEquals(b.tenantId().toString(), claims.get("tenant_id").asText());
        assertNotEquals(a.userId().toString(), claims.get("sub").asText());
        assertEquals("member", claims.get("groups").get(0).asText());
        // A's account is untouched: its password still signs into A
        assertEquals(
                a.tenantId().toString(),
                Api.claims(Api.login(a.email(), Api.PASSWORD)).get("tenant_id").asText());
    }

    private static String b64u(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
