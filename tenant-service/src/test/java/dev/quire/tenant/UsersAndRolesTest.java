package dev.quire.tenant;

import static dev.quire.tenant.Api.PASSWORD;
import static dev.quire.tenant.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersAndRolesTest {

    /** The created (201) user of this address and role without a password: an invitation. */
    private static ValidatableResponse invited(String token, String email, String role) {
        return as(token)
                .body(Map.of("email", email, "role", role))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
    }

    /** The answer to changing the password from {@code current} to {@code next}, with {@code who}'s credentials. */
    private static ValidatableResponse changingPassword(RequestSpecification who, String current, String next) {
        return who.body(Map.of("currentPassword", current, "newPassword", next))
                .post("/api/v1/auth/password")
                .then();
    }

    /** The answer to looking up where an invitation code leads, without a token. */
    private static Response lookingUp(String code) {
        return given().contentType(ContentType.JSON).body(Map.of("token", code)).post("/api/v1/auth/invitation");
    }

    @Test
    void adminCreatesUsersWhoSignInWithTheirRole() throws Exception {
        var owner = Api.signup();
        var admin = Api.member(owner, "admin");
        var viewer = Api.member(admin, "viewer");
        assertEquals("viewer", Api.claims(viewer.token()).get("groups").get(0).asText());
        as(owner.token())
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .body("items.email", hasItem(viewer.email()))
                .body("items.role", hasItem("admin"))
                .body("items.password", not(hasItem(notNullValue())))
                .body("nextCursor", nullValue());
    }

    @Test
    void aRoleChangeIsAuditedWithTheRolesBeforeAndAfter() {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        Api.changingRole(owner.token(), member.userId(), "viewer").statusCode(200);
        Api.auditEvents(owner.token(), "user.role_change")
                .body("items.size()", equalTo(1))
                .body("items[0].resourceId", equalTo(member.userId().toString()))
                .body("items[0].detail.from", equalTo("member"))
                .body("items[0].detail.to", equalTo("viewer"));
    }

    @Test
    void usersListPagesWithACursor() {
        var owner = Api.signup();
        Api.member(owner, "viewer");
        Api.member(owner, "member");
        var first = Api.firstPage(owner.token(), "/api/v1/users", 2);
        assertEquals(2, first.getList("items").size());
        String cursor = first.getString("nextCursor");
        Api.page(owner.token(), "/api/v1/users", 2, cursor)
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("nextCursor", nullValue());
    }

    @Test
    void membersAndViewersCannotManageUsers() {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        var viewer = Api.member(owner, "viewer");
        for (var who : new Api.Account[] {member, viewer}) {
            as(who.token()).get("/api/v1/users").then().statusCode(403).body("code", equalTo("forbidden"));
            Api.creatingUser(who.token(), Api.email(), "viewer").statusCode(403);
        }
    }

    @Test
    void adminCannotCreateOrPromoteOwnersNorTouchThem() {
        var owner = Api.signup();
        var admin = Api.member(owner, "admin");
        var viewer = Api.member(owner, "viewer");
        Api.creatingUser(admin.token(), Api.email(), "owner").statusCode(403).body("code", equalTo("forbidden"));
        Api.changingRole(admin.token(), viewer.userId(), "owner").statusCode(403);
        Api.changingRole(admin.token(), owner.userId(), "viewer").statusCode(403);
        as(admin.token()).delete("/api/v1/users/" + owner.userId()).then().statusCode(403);
        Api.changingRole(admin.token(), viewer.userId(), "member")
                .statusCode(200)
                .body("role", equalTo("member"));
    }

    @Test
    void theLastOwnerCanBeNeitherDemotedNorDeleted() {
        var owner = Api.signup();
        Api.changingRole(owner.token(), owner.userId(), "admin").statusCode(409).body("code", equalTo("conflict"));
        as(owner.token()).delete("/api/v1/users/" + owner.userId()).then().statusCode(409);
        var second = Api.member(owner, "owner");
        Api.changingRole(second.token(), owner.userId(), "admin")
                .statusCode(200)
                .body("role", equalTo("admin"));
        as(second.token()).delete("/api/v1/users/" + second.userId()).then().statusCode(409);
    }

    @Test
    void aDemotionTakesEffectAtOnceAndADeletedUserIsRefused() {
        var owner = Api.signup();
        var admin = Api.member(owner, "admin");
        as(admin.token()).get("/api/v1/users").then().statusCode(200);
        Api.changingRole(owner.token(), admin.userId(), "viewer").statusCode(200);
        as(admin.token()).get("/api/v1/users").then().statusCode(403);
        as(owner.token()).delete("/api/v1/users/" + admin.userId()).then().statusCode(204);
        as(admin.token()).get("/api/v1/tenant").then().statusCode(401).body("code", equalTo("invalid_token"));
        Api.signingIn(admin.email(), PASSWORD).then().statusCode(401);
    }

    @Test
    void anotherTenantsUserIsNotFound() {
        var a = Api.signup();
        var b = Api.signup();
        as(a.token()).get("/api/v1/users/" + b.userId()).then().statusCode(404).body("code", equalTo("not_found"));
        Api.changingRole(a.token(), b.userId(), "viewer").statusCode(404);
        as(a.token()).delete("/api/v1/users/" + b.userId()).then().statusCode(404);
        as(b.token()).get("/api/v1/users/" + b.userId()).then().statusCode(200);
    }

    @Test
    void invitationIsShownOnceAndAcceptingItSignsIn() throws Exception {
        var owner = Api.signup();
        String email = Api.email();
        var created = invited(owner.token(), email, "member")
                .body("status", equalTo("invited"))
                .body("invitationToken", startsWith("qi_"))
                .extract()
                .jsonPath();
        String invitation = created.getString("invitationToken");
        as(owner.token())
                .get("/api/v1/users/" + created.getString("id"))
                .then()
                .statusCode(200)
                .body("invitationToken", nullValue());
        // the invitation's page learns where the code leads, without a token
        lookingUp(invitation)
                .then()
                .statusCode(200)
                .body("workspace", equalTo("Acme"))
                .body("email", equalTo(email))
                .body("role", equalTo("member"))
                .body("expiresAt", notNullValue());
        for (String wrong : List.of("qi_not-a-code", "not even the prefix")) {
            lookingUp(wrong).then().statusCode(401).body("code", equalTo("invalid_token"));
        }
        // the address itself is no password here either, and the code stays usable
        Api.accepting(invitation, email.toUpperCase())
                .then()
                .statusCode(400)
                .body("detail", equalTo("The password must not be your email address."));
        // no password yet: password sign-in fails
        Api.signingIn(email, "anything-at-all").then().statusCode(401);
        String token = Api.accepting(invitation, "a brand new secret")
                .then()
                .statusCode(200)
                .header("Set-Cookie", startsWith("quire_refresh="))
                .extract()
                .path("accessToken");
        assertEquals("member", Api.claims(token).get("groups").get(0).asText());
        assertEquals(
                owner.tenantId().toString(), Api.claims(token).get("tenant_id").asText());
        Api.accepting(invitation, "a second attempt").then().statusCode(401);
        // a used code leads nowhere any more
        lookingUp(invitation).then().statusCode(401).body("code", equalTo("invalid_token"));
        Api.login(email, "a brand new secret");
        as(owner.token()).get("/api/v1/users/" + created.getString("id")).then().body("status", equalTo("active"));
    }

    @Test
    void passwordChangeNeedsTheCurrentPassword() throws Exception {
        var owner = Api.signup();
        changingPassword(as(owner.token()), "not the password", "new password 123")
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        changingPassword(as(owner.token()), PASSWORD, PASSWORD)
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        var changed = changingPassword(as(owner.token()), PASSWORD, "new password 123")
                .statusCode(200)
                .cookie("quire_refresh", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .extract();
        // the session that changed it goes on with its new token, which names the user's email
        String renewed = changed.path("accessToken");
        as(renewed).get("/api/v1/tenant").then().statusCode(200);
        assertEquals(owner.email(), Api.claims(renewed).get("email").asText());
        Api.signingIn(owner.email(), PASSWORD).then().statusCode(401);
        Api.login(owner.email(), "new password 123");
        changingPassword(given().contentType(ContentType.JSON), PASSWORD, "new password 123")
                .statusCode(401);
    }

    @Test
    void acceptingAnInvitationTakesOnlyTheCodeAndNoBearerToken() throws Exception {
        var a = Api.signup();
        var b = Api.signup();
        String code = invited(a.token(), Api.email(), "member").extract().path("invitationToken");
        // another tenant's token is no credential here: a wrong code stays refused with it
        as(b.token())
                .body(Map.of("token", "qi_wrong", "password", "a brand new secret"))
                .post("/api/v1/auth/accept-invitation")
                .then()
                .statusCode(401);
        // and the right code alone, without any token, signs the invitee into the inviting tenant
        String token = Api.accepting(code, "a brand new secret")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        assertEquals(a.tenantId().toString(), Api.claims(token).get("tenant_id").asText());
    }

    @Test
    void anEmailRegisteredInAnotherTenantIsCreatedLikeANewOneAndConflictsOnlyWithinTheTenant() throws Exception {
        var a = Api.signup();
        var b = Api.signup();
        // the same answer as for an address nobody has: 201, the same fields, an invitation when no password
        var fresh = invited(b.token(), Api.email(), "viewer").extract().jsonPath();
        var taken = invited(b.token(), a.email().toUpperCase(), "viewer")
                .body("email", equalTo(a.email()))
                .body("role", equalTo("viewer"))
                .body("status", equalTo("invited"))
                .extract()
                .jsonPath();
        assertEquals(
                new java.util.TreeSet<>(fresh.getMap("$").keySet()),
                new java.util.TreeSet<>(taken.getMap("$").keySet()));
        assertTrue(taken.getString("invitationToken").startsWith("qi_"));
        // B's admin completes the account; each password opens its own tenant's account, and A's is untouched
        String invited = Api.accepting(taken.getString("invitationToken"), "b's own password")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        assertEquals(
                b.tenantId().toString(), Api.claims(invited).get("tenant_id").asText());
        assertEquals(
                a.tenantId().toString(),
                Api.claims(Api.login(a.email(), PASSWORD)).get("tenant_id").asText());
        assertEquals(
                b.tenantId().toString(),
                Api.claims(Api.login(a.email(), "b's own password"))
                        .get("tenant_id")
                        .asText());
        // within one tenant an address is still one user
        Api.creatingUser(b.token(), a.email(), "member").statusCode(409).body("code", equalTo("conflict"));
    }
}
