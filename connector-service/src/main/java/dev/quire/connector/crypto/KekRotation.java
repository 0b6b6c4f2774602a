package dev.quire.connector.crypto;

import dev.quire.platform.db.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-seals every connector's credentials under the cipher's current key: each row sealed under another version is
 * opened (with the previous key the cipher holds) and sealed again, in its own tenant's transaction, only if nobody
 * changed it meanwhile. A row that does not open is reported and left as it is — never re-sealed from raw bytes.
 */
public final class KekRotation {
    /** What a rotation did: rows re-sealed, rows already under the current key, and the ids of rows that failed. */
    public record Result(int resealed, int current, List<UUID> failed) {}

    private record Row(UUID id, UUID tenantId, byte[] sealed, int version) {}

    private KekRotation() {}

    /** Every tenant's connectors (or one tenant's, when {@code onlyTenant} is given). */
    public static Result rotate(Db db, CredentialCipher cipher, Optional<UUID> onlyTenant) {
        List<Row> rows = db.tx(c -> {
            try (var ps = c.prepareStatement("select set_config('app.connector_rotation', 'on', true)")) {
                ps.execute();
            }
            return Db.list(
                    c,
                    "select id, tenant_id, credentials_encrypted, credentials_key_version from connectors"
                            + " where credentials_encrypted is not null and (?::uuid is null or tenant_id = ?::uuid)"
                            + " order by tenant_id, id",
                    rs -> new Row(
                            Db.uuid(rs, "id"),
                            Db.uuid(rs, "tenant_id"),
                            rs.getBytes("credentials_encrypted"),
                            rs.getInt("credentials_key_version")),
                    onlyTenant.orElse(null),
                    onlyTenant.orElse(null));
        });
        int resealed = 0;
        int current = 0;
        List<UUID> failed = new ArrayList<>();
        for (Row r : rows) {
            if (r.version() == cipher.keyVersion()) {
                current++;
                continue;
            }
            String plain;
            try {
                plain = cipher.open(r.id().toString(), new CredentialCipher.Sealed(r.sealed(), r.version()));
            } catch (CredentialCipher.SealException e) {
                failed.add(r.id());
                continue;
            }
            var sealed = cipher.seal(r.id().toString(), plain);
            int changed = db.inTenant(
                    r.tenantId(),
                    c -> Db.update(
                            c,
                            "update connectors set credentials_encrypted = ?, credentials_key_version = ?"
                                    + " where tenant_id = ? and id = ? and credentials_key_version = ?"
                                    + " and credentials_encrypted = ?",
                            sealed.bytes(),
                            sealed.keyVersion(),
                            r.tenantId(),
                            r.id(),
                            r.version(),
                            r.sealed()));
            if (changed > 0) {
                resealed++;
            } else {
                current++; // edited meanwhile: new credentials are sealed under the current key already
            }
        }
        return new Result(resealed, current, failed);
    }
}
