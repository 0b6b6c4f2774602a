package dev.quire.tenant.auth;

import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.config.TenantConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The RSA keys tokens are signed with, kept in the {@code signing_keys} table so every replica and every restart
 * signs with the same key and the JWKS stays stable. A rotation retires the active key; a retired key stays in the
 * JWKS for the overlap (tokens it signed still verify) and is then deleted. Replicas reload the table periodically.
 */
@ApplicationScoped
@Startup
public class SigningKeys {
    /** The active private key and its key id. */
    public record ActiveKey(String kid, PrivateKey key) {}

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long LOCK = 7401;
    /** JDBC-style parameters, which both a JDBC statement and a Hibernate Reactive native query bind. */
    private static final String INSERT = "insert into signing_keys(kid, private_key, active) values (?, ?, true)";

    private final Db db;
    private final int overlapSeconds;
    private volatile ActiveKey active;
    private volatile List<Map<String, String>> jwks;

    public SigningKeys(Db db, TenantConfig config) {
        this.db = db;
        this.overlapSeconds = config.overlapSeconds();
        db.tx(c -> {
            lock(c);
            if (Db.one(c, "select 1 from signing_keys where active", rs -> 1).isEmpty()) {
                insertNewKey(c);
            }
            return null;
        });
        load();
    }

    public ActiveKey active() {
        return active;
    }

    public List<Map<String, String>> publicJwks() {
        return jwks;
    }

    /** Work done on the rotation's transaction with the new key id (announcing it, auditing it). */
    @FunctionalInterface
    public interface RotationHook {
        Uni<Void> run(Mutiny.Session s, String kid);
    }

    /**
     * Retires the active key in favour of a new one; returns the new key id. The key pair is generated here on the
     * caller's (worker) thread; the rotation and the hook's work then commit together on one reactive transaction,
     * which has no tenant wall until the hook sets one (signing keys belong to no tenant).
     */
    public String rotate(RotationHook hook) {
        var next = newKey();
        ReactiveTenantTx.await(() -> ReactiveTenantTx.beforeTenant(
                s -> s.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?)) l")
                        .setParameter(1, LOCK)
                        .getSingleResult()
                        .chain(() -> s.createNativeQuery(
                                        "update signing_keys set active = false, retired_at = now() where active")
                                .executeUpdate())
                        .chain(() -> s.createNativeQuery(INSERT)
                                .setParameter(1, next.kid())
                                .setParameter(2, next.privateKey())
                                .executeUpdate())
                        .chain(() -> hook.run(s, next.kid()))));
        load();
        return next.kid();
    }

    @Scheduled(
            every = "${quire.tenant.signing-key-reload:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            load();
        } catch (RuntimeException e) {
            LOG.warnf("signing keys not reloaded: %s", e.getMessage());
        }
    }

    private synchronized void load() {
        record KeyRow(String kid, String privateKey, boolean active) {}
        List<KeyRow> rows = db.tx(c -> {
            Db.update(
                    c,
                    "delete from signing_keys where not active and retired_at < now() - make_interval(secs => ?)",
                    overlapSeconds);
            return Db.list(
                    c,
                    "select kid, private_key, active from signing_keys order by active desc, created_at desc",
                    rs -> new KeyRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        });
        try {
            List<Map<String, String>> keys = new ArrayList<>();
            ActiveKey next = null;
            for (KeyRow r : rows) {
                var priv = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(r.privateKey())));
                keys.add(Map.of(
                        "kty",
                        "RSA",
                        "use",
                        "sig",
                        "alg",
                        "RS256",
                        "kid",
                        r.kid(),
                        "n",
                        b64u(priv.getModulus()),
                        "e",
                        b64u(priv.getPublicExponent())));
                if (r.active() && next == null) {
                    next = new ActiveKey(r.kid(), priv);
                }
            }
            if (next == null) {
                throw new IllegalStateException("no active signing key");
            }
            active = next;
            jwks = List.copyOf(keys);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load signing keys", e);
        }
    }

    private static void lock(Connection c) throws SQLException {
        // one replica creates or rotates at a time (the rotation takes the same lock on its reactive transaction)
        Db.one(c, "select pg_advisory_xact_lock(?)", rs -> 1, LOCK);
    }

    /** A new key pair: its id and its private key (PKCS#8, base64), which holds the public key too. */
    private record NewKey(String kid, String privateKey) {}

    private static NewKey newKey() {
        try {
            var gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            var pair = gen.generateKeyPair();
            return new NewKey(
                    UUID.randomUUID().toString(),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertNewKey(Connection c) throws SQLException {
        var next = newKey();
        Db.update(c, INSERT, next.kid(), next.privateKey());
    }

    private static String b64u(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
