package dev.quire.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web app in a real browser: runs {@code e2e/run.mjs} (Debian Chromium driven by playwright-core) against the
 * running stack, which signs up, uploads, chats, manages keys and screenshots every page into target/e2e; and
 * {@code e2e/a11y.mjs}, which runs axe-core and keyboard checks on the knowledge, admin, sign-up and invitation pages;
 * and {@code e2e/chat.mjs}, the chat's conversation tools at 1366×850 and 390×844 with axe-core; and
 * {@code e2e/cite.mjs}, identifiers kept verbatim in an answer and a citation opening the PDF at its marked passage.
 */
class WebAppIT {
    private static final Path WEBUI = Path.of("src", "main", "webui");

    @Test
    void theWebAppPassesItsBrowserWalkThroughAgainstTheRunningStack() throws Exception {
        run("e2e/run.mjs", "run.log");
        assertTrue(Files.exists(Path.of("target", "e2e", "12-usage.png")), "the usage page screenshot was saved");
    }

    @Test
    void knowledgeAdminSignUpAndInvitePagesHaveNoSeriousAxeViolationsAndWorkByKeyboard() throws Exception {
        run("e2e/a11y.mjs", "a11y.log");
        assertTrue(Files.exists(Path.of("target", "e2e", "a11y-findings.json")), "axe's findings were saved");
    }

    @Test
    void theChatsConversationToolsPassTheirBrowserRunAgainstTheRunningStack() throws Exception {
        run("e2e/chat.mjs", "chat.log");
        assertTrue(
                Files.exists(Path.of("target", "e2e", "chat-04-drawer-open-phone.png")),
                "the phone drawer screenshot was saved");
    }

    @Test
    void anAnswerKeepsItsIdentifiersAndACitationOpensThePdfPageWithThePassageMarked() throws Exception {
        run("e2e/cite.mjs", "cite.log");
        assertTrue(
                Files.exists(Path.of("target", "e2e", "cite-03-viewer-at-passage.png")),
                "the screenshot of the viewer at the passage was saved");
    }

    @Test
    void theOperatorsTenantsPageHasNoSeriousAxeViolations() throws Exception {
        run("e2e/a11y-operator.mjs", "a11y-operator.log");
        assertTrue(Files.exists(Path.of("target", "e2e", "a11y-operator-findings.json")), "axe's findings were saved");
    }

    private static void run(String script, String logName) throws Exception {
        String url = System.getProperty("quire.url", "http://127.0.0.1:8080");
        File log = Files.createDirectories(Path.of("target", "e2e"))
                .resolve(logName)
                .toFile();
        var pb = new ProcessBuilder("node", script)
                .directory(WEBUI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("QUIRE_URL", url);
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log.toPath());
        System.out.println(output);
        assertTrue(finished, script + " finished within 10 minutes");
        assertEquals(0, p.exitValue(), script + " passed; its log:\n" + output);
    }
}
