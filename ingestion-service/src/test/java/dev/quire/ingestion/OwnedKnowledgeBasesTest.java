package dev.quire.ingestion;

import static dev.quire.ingestion.KnowledgeApiTest.createKb;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** tenant-service's internal question "which of these knowledge bases are the tenant's?" (API key restrictions). */
@QuarkusTest
class OwnedKnowledgeBasesTest extends TwoTenants {
    private static RequestSpecification internal(String secret) {
        var spec = given().contentType(ContentType.JSON);
        return secret == null ? spec : spec.header("X-Quire-Internal-Secret", secret);
    }

    private static String path(UUID tenant) {
        return "/internal/v1/tenants/" + tenant + "/knowledge-bases/owned";
    }

    @Test
    void onlyTheTenantsOwnKnowledgeBasesAreOwned() {
        String kbA = createKb(adminA);
        String unknown = UUID.randomUUID().toString();
        internal("test-internal-secret-never-in-production")
                .body(Map.of("ids", List.of(kbA, unknown)))
                .post(path(tenantA))
                .then()
                .statusCode(200)
                .body("ids", contains(kbA));
        internal("test-internal-secret-never-in-production")
                .body(Map.of("ids", List.of(kbA)))
                .post(path(tenantB))
                .then()
                .statusCode(200)
                .body("ids", empty());
    }

    @Test
    void withoutTheInternalSecretNothingIsAnswered() {
        String kbA = createKb(adminA);
        for (String secret : new String[] {null, "", "test-internal-secret-never-in-productioN"}) {
            internal(secret)
                    .body(Map.of("ids", List.of(kbA)))
                    .post(path(tenantA))
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("invalid_token"));
            // the secret is checked before the body is read: a malformed one tells such a caller nothing either
            internal(secret)
                    .body("{\"ids\": [")
                    .post(path(tenantA))
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("invalid_token"));
        }
        // with the secret, the same malformed body is a validation failure
        internal("test-internal-secret-never-in-production")
                .body("{\"ids\": [")
                .post(path(tenantA))
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        // nor with a tenant's own token: internal routes take only the secret
        given().auth()
                .oauth2(adminA)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(kbA)))
                .post(path(tenantA))
                .then()
                .statusCode(401);
    }

    @Test
    void moreThanAKeysLimitIsValidationFailed() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 101; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        internal("test-internal-secret-never-in-production")
                .body(Map.of("ids", ids))
                .post(path(tenantA))
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }
}
