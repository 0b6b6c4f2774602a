package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.apikey.ApiKeys;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * Row-level security is the second wall: with the application's own tenant filter left out of a query, a transaction
 * set to one tenant still sees none of another tenant's rows, for Hibernate Reactive entities (API keys, users) and
 * for a plain-SQL table (document footprints), while the same query in the owning tenant finds them (the positive
 * control).
 */
@QuarkusTest
class RowLevelSecurityTest {
    @Inject
    ApiKeys keys;

    @Inject
    Users users;

    @Inject
    Db db;

    /** What {@code work} finds in a transaction whose wall (row-level security) is set to {@code wallTenant}. */
    private static <T> T underWall(UUID wallTenant, Function<Mutiny.Session, Uni<T>> work) {
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(wallTenant, work));
    }

    private static String newKey(Api.Account owner, String name) {
        return Api.createKey(owner.token(), Map.of("name", name)).getString("secret");
    }

    /** Rows with {@code field = value}, found by a query that has no tenant condition: only the wall decides. */
    private static <E> List<E> withoutTenantFilter(
            UUID wallTenant, PanacheRepositoryBase<E, UUID> rows, String field, Object value) {
        return underWall(wallTenant, s -> rows.find(field, value).list());
    }

    @Test
    void anotherTenantsApiKeysAreInvisibleToAPanacheQueryWithoutTheTenantFilter() {
        var a = Api.signup();
        var b = Api.signup();
        newKey(b, "b-one");
        newKey(b, "b-two");

        assertEquals(List.of(), withoutTenantFilter(a.tenantId(), keys, "userId", b.userId()));
        // positive control: the same query under B's wall finds both keys
        var seenByB = withoutTenantFilter(b.tenantId(), keys, "userId", b.userId());
        assertEquals(2, seenByB.size());
        assertTrue(seenByB.stream().allMatch(k -> k.tenantId.equals(b.tenantId())));
        // nor can A's wall reach them by id, or change them
        UUID bKey = seenByB.get(0).id;
        assertEquals(0L, RowLevelSecurityTest.<Long>underWall(a.tenantId(), s -> keys.count("id", bKey)));
        assertEquals(
                0,
                RowLevelSecurityTest.<Integer>underWall(
                        a.tenantId(), s -> keys.update("revokedAt = current_timestamp where id = ?1", bKey)));
        assertEquals(null, underWall(b.tenantId(), s -> keys.findById(bKey)).revokedAt);
    }

    @Test
    void withoutATenantOrASecretNoApiKeyIsVisible() {
        var b = Api.signup();
        newKey(b, "b");
        assertEquals(0L, ReactiveTenantTx.<Long>await(() -> Panache.withSession(() -> keys.count())));
        // positive control: B's wall sees its key
        assertEquals(1L, RowLevelSecurityTest.<Long>underWall(b.tenantId(), s -> keys.count("userId", b.userId())));
    }

    @Test
    void aSecretHashLookupSeesOnlyTheKeyOfThatSecret() {
        var a = Api.signup();
        var b = Api.signup();
        String secret = newKey(a, "a");
        newKey(b, "b");
        String hash = Secrets.sha256(secret);
        var visible = ReactiveTenantTx.await(
                () -> ReactiveTenantTx.withSetting(ApiKeys.HASH_SETTING, hash, s -> keys.listAll()));
        assertEquals(1, visible.size());
        assertEquals(hash, visible.get(0).secretHash);
        assertEquals(a.tenantId(), visible.get(0).tenantId);
    }

    @Test
    void anotherTenantsUsersAreInvisibleToAPanacheQueryWithoutTheTenantFilter() {
        var a = Api.signup();
        var b = Api.signup();

        assertEquals(List.of(), withoutTenantFilter(a.tenantId(), users, "email", b.email()));
        // positive control: the same query under B's wall finds B's owner
        var seenByB = withoutTenantFilter(b.tenantId(), users, "email", b.email());
        assertEquals(1, seenByB.size());
        assertEquals(b.userId(), seenByB.get(0).id);
        // nor can A's wall reach B's owner by id, or change or delete it
        assertEquals(0L, RowLevelSecurityTest.<Long>underWall(a.tenantId(), s -> users.count("id", b.userId())));
        assertEquals(
                0,
                RowLevelSecurityTest.<Integer>underWall(
                        a.tenantId(), s -> users.update("role = 'viewer' where id = ?1", b.userId())));
        assertEquals(0L, RowLevelSecurityTest.<Long>underWall(a.tenantId(), s -> users.delete("id", b.userId())));
        assertEquals("owner", underWall(b.tenantId(), s -> users.inTenant(b.tenantId(), b.userId())).role);
    }

    @Test
    void withoutATenantOrAnAddressNoUserIsVisible() {
        var b = Api.signup();
        assertEquals(
                0L, ReactiveTenantTx.<Long>await(() -> Panache.withSession(() -> users.count("email", b.email()))));
        // positive control: B's wall sees its owner
        assertEquals(1L, RowLevelSecurityTest.<Long>underWall(b.tenantId(), s -> users.count("email", b.email())));
    }

    @Test
    void anAddressLookupSeesOnlyTheAccountsOfThatAddress() {
        var a = Api.signup();
        var b = Api.signup();
        // the same person in a second tenant: B's admin adds A's address
        as(b.token())
                .body(Map.of("email", a.email(), "role", "member", "password", Api.PASSWORD))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        var visible = ReactiveTenantTx.await(
                () -> ReactiveTenantTx.withSetting(Users.EMAIL_SETTING, a.email(), s -> users.listAll()));
        assertEquals(2, visible.size());
        assertTrue(visible.stream().allMatch(u -> u.email.equals(a.email())));
        assertEquals(
                java.util.Set.of(a.tenantId(), b.tenantId()),
                visible.stream().map(User::tenantId).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void anotherTenantsPlainSqlRowsAreInvisibleWithoutTheTenantFilter() {
        var a = Api.signup();
        var b = Api.signup();
        UUID document = UUID.randomUUID();
        db.inTenant(
                b.tenantId(),
                c -> Db.update(
                        c,
                        "insert into document_footprint(tenant_id, document_id, version, size_bytes) values (?, ?, 1, 42)",
                        b.tenantId(),
                        document));
        String noTenantFilter = "select count(*) from document_footprint where document_id = ?";

        assertEquals(
                0L,
                db.inTenant(a.tenantId(), c -> Db.one(c, noTenantFilter, rs -> rs.getLong(1), document))
                        .orElseThrow());
        assertEquals(
                1L,
                db.inTenant(b.tenantId(), c -> Db.one(c, noTenantFilter, rs -> rs.getLong(1), document))
                        .orElseThrow());
        // the reactive transaction's wall holds for plain SQL on its session too
        String reactive = "select count(*) from document_footprint where document_id = :d";
        assertEquals(0L, countNative(a.tenantId(), reactive, document));
        assertEquals(1L, countNative(b.tenantId(), reactive, document));
    }

    @Test
    void theServiceDoesNotRunAsARoleThatBypassesTheWall() {
        var bypass = db.tx(c -> Db.one(
                        c,
                        "select rolsuper or rolbypassrls from pg_roles where rolname = current_user",
                        rs -> rs.getBoolean(1)))
                .orElseThrow();
        assertFalse(bypass);
        var forced = db.tx(c -> Db.list(
                c,
                "select relname from pg_class where relforcerowsecurity"
                        + " and relname in ('api_keys', 'document_footprint', 'users')",
                rs -> rs.getString(1)));
        assertEquals(3, forced.size(), forced.toString());
    }

    private long countNative(UUID tenant, String sql, UUID document) {
        Object n = underWall(
                tenant,
                s -> s.createNativeQuery(sql).setParameter("d", document).getSingleResult());
        return ((Number) n).longValue();
    }
}
