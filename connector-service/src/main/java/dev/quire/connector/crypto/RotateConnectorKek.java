package dev.quire.connector.crypto;

import dev.quire.platform.db.Db;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code make rotate-connector-kek}: re-seals every connector credential under {@code QUIRE_CONNECTOR_KEK} (version
 * {@code QUIRE_CONNECTOR_KEK_VERSION}), opening the old values with {@code QUIRE_CONNECTOR_KEK_PREVIOUS} (version
 * {@code QUIRE_CONNECTOR_KEK_PREVIOUS_VERSION}, default one below). Exits 1 if any row did not open (those rows are
 * left as they were); running it again is harmless. The procedure is in docs/CONNECTORS.md, "Credentials".
 */
public final class RotateConnectorKek {
    private RotateConnectorKek() {}

    public static void main(String[] args) {
        String kek = required("QUIRE_CONNECTOR_KEK");
        String previous = required("QUIRE_CONNECTOR_KEK_PREVIOUS");
        int version = Integer.parseInt(env("QUIRE_CONNECTOR_KEK_VERSION")
                .orElseThrow(() -> new IllegalArgumentException(
                        "QUIRE_CONNECTOR_KEK_VERSION (the new key's version) is required")));
        int previousVersion = env("QUIRE_CONNECTOR_KEK_PREVIOUS_VERSION")
                .map(Integer::parseInt)
                .orElse(version - 1);
        if (kek.equals(previous)) {
            throw new IllegalArgumentException("the new QUIRE_CONNECTOR_KEK equals QUIRE_CONNECTOR_KEK_PREVIOUS");
        }
        var cipher =
                new CredentialCipher(Optional.of(kek), version, Optional.of(previous), Optional.of(previousVersion));

        var ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {env("QUIRE_PG_HOST").orElse("127.0.0.1")});
        ds.setPortNumbers(new int[] {Integer.parseInt(env("QUIRE_PG_PORT").orElse("5432"))});
        ds.setDatabaseName(env("QUIRE_PG_DB").orElse("quire"));
        ds.setUser(env("QUIRE_CONNECTOR_DB_USER").orElse("quire_connector"));
        ds.setPassword(required("QUIRE_CONNECTOR_DB_PASSWORD"));
        ds.setCurrentSchema("connector");

        var result = KekRotation.rotate(new Db(ds), cipher, Optional.empty());
        System.out.printf(
                "connector credentials: %d re-sealed under key version %d, %d already under it, %d did not open%n",
                result.resealed(), version, result.current(), result.failed().size());
        for (var id : result.failed()) {
            System.out.println("  did not open (left as it was; send its credentials again): connector " + id);
        }
        System.exit(result.failed().isEmpty() ? 0 : 1);
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String required(String name) {
        return env(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }
}
