package dev.quire.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectorServiceTest {
    @Test
    void connectorTypesListTheSaasTypesWithWriteOnlySecrets() {
        given().auth()
                .oauth2(Tokens.of(UUID.randomUUID(), "viewer"))
                .get("/api/v1/connector-types")
                .then()
                .statusCode(200)
                .body("items.type", hasItems("confluence", "google-drive", "s3"))
                .body(
                        "items.find { it.type == 'confluence' }.schema.properties.credentials.properties.apiToken.writeOnly",
                        equalTo(true))
                .body(
                        "items.find { it.type == 'google-drive' }.schema.properties.credentials.properties"
                                + ".serviceAccountKey.writeOnly",
                        equalTo(true))
                .body("items.find { it.type == 'google-drive' }.capabilities.changeFeed", equalTo(true))
                .body("nextCursor", nullValue());
    }

    @Test
    void connectorTypesNeedAToken() {
        given().get("/api/v1/connector-types")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_token"));
    }

    // on the management interface (relative to its root, /q), never on the main port
    @io.quarkus.test.common.http.TestHTTPResource(value = "health/ready", management = true)
    java.net.URL ready;

    @Test
    void readinessChecksTheDatabase() {
        given().get(ready)
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }
}
