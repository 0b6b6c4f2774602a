package dev.quire.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request record's broken constraints answer 400 validation_failed naming every refused field. */
@QuarkusTest
class FieldErrorsTest {
    @Test
    void signupWithBlankNameBadEmailAndShortPasswordNamesEachField() {
        Api.signingUp(Map.of("tenantName", " ", "email", "not-an-address", "password", "short"))
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("validation_failed"))
                .body("errors.field", containsInAnyOrder("email", "password", "tenantName"))
                .body("errors.find { it.field == 'email' }.message", equalTo("is not a valid address"));
    }

    @Test
    void missingBodyIsTheBodyField() {
        given().contentType(ContentType.JSON)
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors.field", hasItem("body"));
    }

    @Test
    void aValidSignupStillPasses() {
        Api.signingUp(Map.of("tenantName", "Acme", "email", Api.email(), "password", "correct horse battery"))
                .then()
                .statusCode(201);
    }
}
