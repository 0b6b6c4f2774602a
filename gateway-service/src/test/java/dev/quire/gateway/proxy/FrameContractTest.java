package dev.quire.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.quire.contracts.chat.Citation;
import dev.quire.contracts.chat.ClientFrame;
import dev.quire.contracts.chat.ServerFrame;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The web app's frame types ({@code chat/frames.ts}) name the same frames and fields as the contract's records. */
class FrameContractTest {
    private static final Path FRAMES = Path.of("src/main/webui/src/chat/frames.ts");
    /** Set by the gateway alone: a client never sends them, so the web app does not declare them. */
    private static final Set<String> GATEWAY_ONLY = Set.of("reservationId", "reservedTokens");

    @Test
    void serverFramesOfTheWebAppMatchTheContract() throws IOException {
        assertEquals(contract(ServerFrame.class, Set.of()), webApp("export type Frame ="));
    }

    @Test
    void clientFramesOfTheWebAppMatchTheContract() throws IOException {
        assertEquals(contract(ClientFrame.class, GATEWAY_ONLY), webApp("export type ClientFrame ="));
    }

    @Test
    void citationAndUsageOfTheWebAppMatchTheContract() throws IOException {
        assertEquals(components(Citation.class, Set.of()), webAppInterface("Citation"));
        assertEquals(components(ServerFrame.Usage.class, Set.of()), webAppInterface("Usage"));
    }

    @Test
    void aRenamedFieldWouldBeNoticed() throws IOException {
        // negative control: the parser sees fields, so a drifted name cannot pass unnoticed
        var frames = webApp("export type Frame =");
        frames.get("token").add("text");
        assertFalse(contract(ServerFrame.class, Set.of()).equals(frames));
    }

    /** Frame type name → its record's component names. */
    private static Map<String, Set<String>> contract(Class<?> protocol, Set<String> leaveOut) {
        var out = new TreeMap<String, Set<String>>();
        for (JsonSubTypes.Type t : protocol.getAnnotation(JsonSubTypes.class).value()) {
            out.put(t.name(), components(t.value(), leaveOut));
        }
        return out;
    }

    private static Set<String> components(Class<?> record, Set<String> leaveOut) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .filter(n -> !leaveOut.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The object types of a TypeScript union declared after {@code declaration}, up to its closing semicolon. */
    private static Map<String, Set<String>> webApp(String declaration) throws IOException {
        String ts = Files.readString(FRAMES);
        int start = ts.indexOf(declaration);
        String union = ts.substring(start, ts.indexOf(";\n\n", start) + 1);
        var out = new TreeMap<String, Set<String>>();
        Matcher m = Pattern.compile("\\{\\s*type:\\s*'(\\w+)';?([^{}]*)}").matcher(union);
        while (m.find()) {
            out.put(m.group(1), fields(m.group(2)));
        }
        return out;
    }

    private static Set<String> webAppInterface(String name) throws IOException {
        Matcher m = Pattern.compile("export interface " + name + " \\{([^}]*)}").matcher(Files.readString(FRAMES));
        return m.find() ? fields(m.group(1)) : Set.of();
    }

    private static Set<String> fields(String body) {
        var out = new TreeSet<String>();
        Matcher f = Pattern.compile("(\\w+)\\??:").matcher(body);
        while (f.find()) {
            out.add(f.group(1));
        }
        return out;
    }
}
