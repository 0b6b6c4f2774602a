package dev.quire.tenant.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The RSA keys tokens are signed with, kept in the {@code signing_keys} table so every replica and every restart
 * signs with the same key and the JWKS stays stable.
 */
@ApplicationScoped
@Startup
public class SigningKeys {
    /** The active private key and its key id. */
    public record ActiveKey(String kid, PrivateKey key) {}

    private final DataSource db;
    private volatile ActiveKey active;
    private volatile List<Map<String, String>> jwks;

    public SigningKeys(DataSource db) {
        this.db = db;
        load();
    }

    public ActiveKey active() {
        return active;
    }

    public List<Map<String, String>> publicJwks() {
        return jwks;
    }

    private synchronized void load() {
        try (Connection c = db.getConnection()) {
            // one replica creates the first key; the advisory lock keeps two replicas from creating two
            c.setAutoCommit(false);
            c.createStatement().execute("select pg_advisory_xact_lock(7401)");
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from signing_keys where active")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    insertNewKey(c);
                }
            }
            c.commit();
            List<Map<String, String>> keys = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("select kid, private_key, active from signing_keys order by created_at desc")) {
                while (rs.next()) {
                    var priv = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                            .generatePrivate(
                                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(rs.getString("private_key"))));
                    keys.add(Map.of(
                            "kty",
                            "RSA",
                            "use",
                            "sig",
                            "alg",
                            "RS256",
                            "kid",
                            rs.getString("kid"),
                            "n",
                            b64u(priv.getModulus()),
                            "e",
                            b64u(priv.getPublicExponent())));
                    if (rs.getBoolean("active") && active == null) {
                        active = new ActiveKey(rs.getString("kid"), priv);
                    }
                }
            }
            c.commit();
            jwks = List.copyOf(keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load signing keys", e);
        }
    }

    private static void insertNewKey(Connection c) throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        try (var ps = c.prepareStatement("insert into signing_keys(kid, private_key, active) values (?, ?, true)")) {
            ps.setString(1, java.util.UUID.randomUUID().toString());
            ps.setString(2, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            ps.executeUpdate();
        }
    }

    private static String b64u(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
