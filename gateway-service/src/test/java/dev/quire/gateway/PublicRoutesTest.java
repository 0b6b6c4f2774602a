package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes that need no token (accepting an invitation, reading the plan catalogue), their per-IP limit, and the
 * forwarded headers the services get: what the gateway saw, never what a client claimed.
 */
@QuarkusTest
class PublicRoutesTest {
    private static StandIns.Upstream upstream;

    @jakarta.inject.Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @jakarta.inject.Inject
    dev.quire.gateway.proxy.Routes routes;

    /** A stand-in tenant-service that echoes what reached it. */
    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = StandIns.start(18182, req -> req.body()
                .onSuccess(body -> StandIns.echo(
                        req,
                        new JsonObject()
                                .put("path", req.path())
                                .put("forwardedFor", req.getHeader("X-Forwarded-For"))
                                .put("forwardedProto", req.getHeader("X-Forwarded-Proto"))
                                .put("forwardedHost", req.getHeader("X-Forwarded-Host"))
                                .put("forwarded", req.getHeader("Forwarded"))
                                .put("realIp", req.getHeader("X-Real-IP")))));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    /** Accepts an invitation (no token) with {@code request}; the answer to check. */
    private static ValidatableResponse acceptInvitation(RequestSpecification request) {
        return request.contentType("application/json")
                .body("{\"token\":\"qi_x\",\"password\":\"long enough\"}")
                .post("/api/v1/auth/accept-invitation")
                .then();
    }

    /** Looks an invitation up (no token); the answer to check. */
    private static ValidatableResponse lookUpInvitation() {
        return given().contentType("application/json")
                .body("{\"token\":\"qi_x\"}")
                .post("/api/v1/auth/invitation")
                .then();
    }

    @Test
    void acceptingAnInvitationNeedsNoTokenAndIsLimitedPerClientIpWhateverItClaims() {
        redis.key().del("q:ip:invitation:127.0.0.1");
        for (int i = 0; i < 3; i++) {
            // a spoofed client address must not buy a fresh bucket
            acceptInvitation(given().header("X-Forwarded-For", "198.51.100." + i))
                    .statusCode(200)
                    .body("path", equalTo("/api/v1/auth/accept-invitation"));
        }
        acceptInvitation(given().header("X-Forwarded-For", "198.51.100.99"))
                .statusCode(429)
                .body("code", equalTo("rate_limited"));
    }

    @Test
    void lookingUpAnInvitationNeedsNoTokenAndSharesAcceptancesLimit() {
        redis.key().del("q:ip:invitation:127.0.0.1");
        for (int i = 0; i < 2; i++) {
            lookUpInvitation().statusCode(200).body("path", equalTo("/api/v1/auth/invitation"));
        }
        acceptInvitation(given()).statusCode(200);
        // guessing codes by looking them up is limited like guessing them by accepting
        lookUpInvitation().statusCode(429).body("code", equalTo("rate_limited"));
    }

    @Test
    void thePlanCatalogueIsPublicForReadingOnly() {
        given().get("/api/v1/plans")
                .then()
                .statusCode(200)
                .body("method", equalTo("GET"))
                .body("path", equalTo("/api/v1/plans"));
        // the catalogue is only read: another method is refused before any token is asked for
        given().contentType("application/json")
                .body("{}")
                .post("/api/v1/plans")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("GET, HEAD"))
                .body("code", equalTo("method_not_allowed"));
        given().get("/api/v1/plans/pro").then().statusCode(401);
        // the read-only rule itself, which the 405 now answers first over HTTP
        org.junit.jupiter.api.Assertions.assertTrue(routes.isPublic("GET", "/api/v1/plans"));
        org.junit.jupiter.api.Assertions.assertTrue(routes.isPublic("HEAD", "/api/v1/plans"));
        org.junit.jupiter.api.Assertions.assertFalse(routes.isPublic("POST", "/api/v1/plans"));
        org.junit.jupiter.api.Assertions.assertFalse(routes.isPublic("GET", "/api/v1/plans/pro"));
    }

    @Test
    void forwardedHeadersOfAClientAreReplacedByWhatTheGatewaySaw() {
        given().header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=203.0.113.9;proto=https")
                .header("X-Real-IP", "203.0.113.9")
                .get("/api/v1/plans")
                .then()
                .statusCode(200)
                // not over TLS, whatever the client says: no HSTS
                .header("Strict-Transport-Security", nullValue())
                .body("forwardedFor", equalTo("127.0.0.1"))
                .body("forwardedProto", equalTo("http"))
                .body("forwardedHost", matchesPattern("localhost:\\d+"))
                .body("forwarded", nullValue())
                .body("realIp", nullValue());
    }
}
