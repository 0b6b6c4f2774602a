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
 * {@code e2e/chat.mjs}, the chat's conversation tools at 1366×850 and 390×844 with axe-core.
 */
class WebAppIT {
    private static final Path WEBUI = Path.of("src", "main", "webui");

    @Test
    void theWebAppPassesItsBrowserWalkThroughAgainstTheRunningStack() throws Exception {
        String url = System.getProperty("quire.url", "http://127.0.0.1:8080");
        var pb = new ProcessBuilder("node", "e2e/run.mjs")
                .directory(WEBUI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log());
        pb.environment().put("QUIRE_URL", url);
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log().toPath());
        System.out.println(output);
        assertTrue(finished, "the browser run finished within 10 minutes");
        assertEquals(0, p.exitValue(), "the browser run passed; its log:\n" + output);
        assertTrue(Files.exists(Path.of("target", "e2e", "12-usage.png")), "the usage page screenshot was saved");
    }

    @Test
    void theChatsConversationToolsPassTheirBrowserRunAgainstTheRunningStack() throws Exception {
        String url = System.getProperty("quire.url", "http://127.0.0.1:8080");
        File out = Files.createDirectories(Path.of("target", "e2e"))
                .resolve("chat.log")
                .toFile();
        var pb = new ProcessBuilder("node", "e2e/chat.mjs")
                .directory(WEBUI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out);
        pb.environment().put("QUIRE_URL", url);
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(out.toPath());
        System.out.println(output);
        assertTrue(finished, "the chat browser run finished within 10 minutes");
        assertEquals(0, p.exitValue(), "the chat browser run passed; its log:\n" + output);
        assertTrue(
                Files.exists(Path.of("target", "e2e", "chat-04-drawer-open-phone.png")),
                "the phone drawer screenshot was saved");
    }

    private static File log() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "e2e"));
        return dir.resolve("run.log").toFile();
    }
}
