package dev.quire.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web app's role ladder ({@code api/session.ts}) is the platform's one {@link Role} model. */
class RoleModelContractTest {
    private static final Path SESSION = Path.of("src/main/webui/src/api/session.ts");

    @Test
    void webAppRanksTheRolesAsThePlatformDoes() throws IOException {
        Matcher m = Pattern.compile("const RANK[^=]*=\\s*\\{([^}]*)}").matcher(Files.readString(SESSION));
        assertTrue(m.find(), "session.ts declares RANK");
        var webApp = new LinkedHashMap<String, Integer>();
        Matcher entry = Pattern.compile("([\\w-]+):\\s*(\\d+)").matcher(m.group(1));
        while (entry.find()) {
            webApp.put(entry.group(1), Integer.parseInt(entry.group(2)));
        }
        var platform = new LinkedHashMap<String, Integer>();
        for (Role r : Role.values()) {
            platform.put(r.id(), Role.rank(r.id()));
        }
        assertEquals(platform, webApp);
    }

    @Test
    void webAppKnowsEveryRoleIdIncludingTheOperators() throws IOException {
        Matcher m = Pattern.compile("export type Role =([^;]*);").matcher(Files.readString(SESSION));
        assertTrue(m.find(), "session.ts declares Role");
        for (Role r : Role.values()) {
            assertTrue(m.group(1).contains("'" + r.id() + "'"), r.id());
        }
        assertTrue(m.group(1).contains("'" + Role.PLATFORM_ADMIN + "'"));
    }
}
