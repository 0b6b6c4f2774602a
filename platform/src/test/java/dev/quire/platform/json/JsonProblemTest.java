package dev.quire.platform.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JsonProblemTest {
    record Chunking(Integer size, Boolean overlap) {}

    record Body(String name, List<UUID> knowledgeBaseIds, Chunking chunking) {}

    record Checked(String name) {
        Checked {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    private static final Pattern CODE = Pattern.compile("java\\.|dev\\.quire|JsonToken|Feature|Source:|`[A-Z]|\\$");
    private static final ObjectMapper JSON = strict();

    private static ObjectMapper strict() {
        ObjectMapper m = JsonMapper.builder().build();
        new StrictJson().customize(m);
        return m;
    }

    private static String refusal(String body, Class<?> type) {
        var e = assertThrows(JsonProcessingException.class, () -> JSON.readValue(body, type));
        String detail = JsonProblem.detail(e);
        assertFalse(CODE.matcher(detail).find(), "names the code behind it: " + detail);
        return detail;
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsFieldAndTheKindItTakes() {
        assertEquals(
                "invalid JSON: `chunking.size` must be a whole number",
                refusal("{\"chunking\":{\"size\":[1]}}", Body.class));
        assertEquals("invalid JSON: `name` must be a string", refusal("{\"name\":{\"a\":1}}", Body.class));
        assertEquals(
                "invalid JSON: `knowledgeBaseIds[1]` must be a UUID string",
                refusal("{\"knowledgeBaseIds\":[\"" + UUID.randomUUID() + "\",\"nope\"]}", Body.class));
        assertEquals(
                "invalid JSON: `knowledgeBaseIds` must be an array", refusal("{\"knowledgeBaseIds\":7}", Body.class));
        assertEquals(
                "invalid JSON: `chunking.overlap` must be true or false",
                refusal("{\"chunking\":{\"overlap\":[]}}", Body.class));
        assertEquals("invalid JSON: the body must be an object", refusal("[1,2]", Body.class));
    }

    @Test
    void aScalarOfAnotherTypeIsRefusedNotCoerced() {
        assertEquals("invalid JSON: `name` must be a string", refusal("{\"name\":123}", Body.class));
        assertEquals("invalid JSON: `name` must be a string", refusal("{\"name\":true}", Body.class));
        assertEquals(
                "invalid JSON: `chunking.size` must be a whole number",
                refusal("{\"chunking\":{\"size\":\"8\"}}", Body.class));
        assertEquals(
                "invalid JSON: `chunking.size` must be a whole number",
                refusal("{\"chunking\":{\"size\":50.5}}", Body.class));
        assertEquals(
                "invalid JSON: `chunking.overlap` must be true or false",
                refusal("{\"chunking\":{\"overlap\":\"yes\"}}", Body.class));
        assertEquals(
                "invalid JSON: `chunking.overlap` must be true or false",
                refusal("{\"chunking\":{\"overlap\":1}}", Body.class));
        // the positive control: the right types still read
        assertDoesNotThrow(
                () -> JSON.readValue("{\"name\":\"n\",\"chunking\":{\"size\":8,\"overlap\":true}}", Body.class));
    }

    @Test
    void aNullInAListIsRefusedWhereItIsRead() {
        String detail = refusal("{\"knowledgeBaseIds\":[null]}", Body.class);
        assertTrue(
                detail.startsWith("invalid JSON: `knowledgeBaseIds") && detail.endsWith("must not contain null"),
                detail);
    }

    @Test
    void brokenTextSaysWhereWithoutTheParsersInternals() {
        String cut = refusal("{\"name\":\"a\"", Body.class);
        assertTrue(cut.startsWith("invalid JSON: Unexpected end-of-input"), cut);
        String nan = refusal("{\"chunking\":{\"size\":NaN}}", Body.class);
        assertTrue(nan.contains("NaN") && nan.contains("(line 1, column"), nan);
        assertEquals("invalid JSON: more content after the JSON document", refusal("{\"name\":\"a\"} {}", Body.class));
        assertTrue(refusal("{\"name\":\"a\",\"name\":\"b\"}", Body.class).contains("Duplicate field 'name'"));
        assertEquals(
                "invalid JSON: unexpected character '/' (line 1, column 2)",
                refusal("{/*x*/\"name\":\"a\"}", Body.class));
        assertEquals(
                "invalid JSON: unrecognized token 'x' (line 1, column 14)", refusal("{\"name\":\"a\"} x", Body.class));
        assertTrue(refusal("{\"chunking\":{\"size\":99999999999}}", Body.class)
                .startsWith("invalid JSON: a number is out of range"));
    }

    @Test
    void limitsAreStatedInTheirOwnWords() {
        assertEquals(
                "invalid JSON: nested deeper than " + StrictJson.MAX_DEPTH + " levels",
                refusal("[".repeat(500) + "]".repeat(500), Object.class));
    }

    @Test
    void aRecordsOwnRefusalIsPassedOnButNotTheLibrarysWords() {
        assertEquals(
                "invalid JSON: the body is not accepted: name must not be blank",
                refusal("{\"name\":\" \"}", Checked.class));
    }
}
