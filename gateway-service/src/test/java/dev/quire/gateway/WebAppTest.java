package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The web app is served at / with SPA fallback for page loads only, never for API paths. */
@QuarkusTest
class WebAppTest {
    /** What a browser's page load accepts. */
    private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    @Test
    void appIsServedWithFallbackForPageLoadsOnly() throws Exception {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>Quire</title>"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Cache-Control", equalTo("no-cache"));
        given().accept(HTML)
                .get("/chat/8b1c0f7e-0000-4000-8000-000000000000")
                .then()
                .statusCode(200)
                .body(containsString("<title>Quire</title>"));
        given().accept(HTML).get("/admin/keys").then().statusCode(200).body(containsString("<title>Quire</title>"));
        given().get("/admin/keys").then().statusCode(404).contentType(startsWith("application/problem+json"));
        String asset;
        try (var s = Files.list(Path.of("target/classes/webui/assets"))) {
            asset = s.filter(p -> p.toString().endsWith(".js"))
                    .findFirst()
                    .orElseThrow()
                    .getFileName()
                    .toString();
        }
        given().get("/assets/" + asset)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", containsString("immutable"));
        given().head("/assets/" + asset).then().statusCode(200);
        given().get("/favicon.svg").then().statusCode(200).contentType(startsWith("image/svg+xml"));
        assertPageLoadIsProblem404("/assets/missing.js");
        assertPageLoadIsProblem404("/api/v1/nothing-here");
        assertPageLoadIsProblem404("/api");
        assertPageLoadIsProblem404("/q/health/live");
        given().accept(HTML)
                .get("/.well-known/nope")
                .then()
                .contentType(org.hamcrest.Matchers.not(startsWith("text/html")));
        given().accept(HTML).post("/chat").then().statusCode(404);
    }

    /** A page load of {@code path} is not the app: a 404 problem. */
    private static void assertPageLoadIsProblem404(String path) {
        given().accept(HTML).get(path).then().statusCode(404).contentType(startsWith("application/problem+json"));
    }
}
