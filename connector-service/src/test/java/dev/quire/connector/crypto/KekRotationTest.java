package dev.quire.connector.crypto;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The KEK rotation on the real PostgreSQL: credentials sealed under the old key are re-sealed under the new one
 * (its version stored) and still open; a wrong previous key re-seals nothing and reports the row; the old key alone,
 * or a wrong key at the new version, does not open a rotated value — an error, never raw bytes.
 */
@QuarkusTest
class KekRotationTest {
    private static final String SECRET_KEY = "rotation-secret-access-key-0001";
    private static final String NEW_KEK = "a-brand-new-key-encryption-key-0002";

    @Inject
    Db db;

    @Inject
    CredentialCipher installed;

    @Inject
    ConnectorsConfig config;

    @Test
    void rotationResealsUnderTheNewKeyAndOldCiphertextsStillOpen() {
        UUID tenant = UUID.randomUUID();
        UUID id = create(tenant);
        var before = sealed(tenant, id);
        assertEquals(1, before.keyVersion());

        // a wrong previous key: nothing re-sealed, the row reported and left as it was
        var wrongPrevious = new CredentialCipher(
                Optional.of(NEW_KEK), 2, Optional.of("not-the-key-that-sealed-it-0003"), Optional.empty());
        var refused = KekRotation.rotate(db, wrongPrevious, Optional.of(tenant));
        assertEquals(new KekRotation.Result(0, 0, List.of(id)), refused);
        assertEquals(1, sealed(tenant, id).keyVersion());
        assertTrue(installed.open(id.toString(), sealed(tenant, id)).contains(SECRET_KEY));

        // the old ciphertext opens with the previous key while the new key is installed (before the rotation)
        String oldKek = config.kek().orElseThrow();
        var rotating = new CredentialCipher(Optional.of(NEW_KEK), 2, Optional.of(oldKek), Optional.empty());
        assertTrue(rotating.open(id.toString(), before).contains(SECRET_KEY));

        var rotated = KekRotation.rotate(db, rotating, Optional.of(tenant));
        assertEquals(new KekRotation.Result(1, 0, List.of()), rotated);
        var after = sealed(tenant, id);
        assertEquals(2, after.keyVersion());
        assertTrue(rotating.open(id.toString(), after).contains(SECRET_KEY));
        assertTrue(
                new CredentialCipher(Optional.of(NEW_KEK), 2)
                        .open(id.toString(), after)
                        .contains(SECRET_KEY),
                "the previous key is no longer needed");

        // again: nothing to do
        assertEquals(new KekRotation.Result(0, 1, List.of()), KekRotation.rotate(db, rotating, Optional.of(tenant)));

        // the old key alone, or a wrong key at the new version: an error, never a fallback
        assertThrows(CredentialCipher.SealException.class, () -> installed.open(id.toString(), after));
        var wrong = new CredentialCipher(Optional.of("a-wrong-key-at-version-two-0004"), 2);
        var e = assertThrows(CredentialCipher.SealException.class, () -> wrong.open(id.toString(), after));
        assertTrue(e.getMessage().contains("do not open"), e.getMessage());
    }

    private UUID create(UUID tenant) {
        String id = given().auth()
                .oauth2(Tokens.of(tenant, "admin"))
                .contentType("application/json")
                .body(Map.of(
                        "type", "s3",
                        "name", "Rotated",
                        "knowledgeBaseId", UUID.randomUUID().toString(),
                        "config", Map.of("region", "us-east-1", "bucket", "rotation"),
                        "credentials", Map.of("accessKeyId", "AKIAROTATION", "secretAccessKey", SECRET_KEY)))
                .post("/api/v1/connectors")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return UUID.fromString(id);
    }

    private CredentialCipher.Sealed sealed(UUID tenant, UUID id) {
        return db.inTenant(
                        tenant,
                        c -> Db.one(
                                c,
                                "select credentials_encrypted, credentials_key_version from connectors where id = ?",
                                rs -> new CredentialCipher.Sealed(rs.getBytes(1), rs.getInt(2)),
                                id))
                .orElseThrow();
    }
}
