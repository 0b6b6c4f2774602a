package dev.quire.platform.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a caller is told about a JSON document this service refused, in the words of the API: the field and the type
 * of value it takes ("`chunking.size` must be a number"), or what is wrong with the text and where. Jackson's own
 * messages name Java classes, tokens and its configuration switches, which mean nothing to a caller and tell an
 * attacker what runs here, so none of them is passed on.
 */
public final class JsonProblem {
    /** Backticked names, Jackson's "(start marker at [Source…])" and "enable `…` to allow" asides. */
    private static final Pattern ASIDES = Pattern.compile("\\s*\\((start marker at|through reference chain)[^)]*\\)*"
            + "|:?\\s*enable `[^`]*` to allow|`[^`]*`|\\s*\\[Source:[^\\]]*\\]");

    /** A qualified Java name ({@code java.util.UUID}, {@code dev.quire.X$Y}). */
    private static final Pattern CODE_NAME = Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Za-z]|\\$[A-Z]");

    /** Jackson's "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (… Feature …)". */
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\(('.{1,2}') \\(code ");

    /** Jackson's "Unrecognized token 'x': was expecting (JSON String, Number, …)". */
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']{0,40})");

    private JsonProblem() {}

    /** The detail of a 400 for this refused document. */
    public static String detail(JsonProcessingException e) {
        if (e instanceof DatabindException && e.getCause() instanceof JsonProcessingException text) {
            return detail(text); // the text itself was broken inside a value being bound
        }
        if (e instanceof StreamConstraintsException c) {
            return "invalid JSON: " + limit(c);
        }
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (why.startsWith("Trailing token")) {
            return "invalid JSON: more content after the JSON document";
        }
        if (e instanceof InvalidNullException n) {
            return "invalid JSON: `" + field(n) + "` must not contain null";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "invalid JSON: unknown field `" + u.getPropertyName() + "`";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "invalid JSON: " + subject(m) + " must be " + kind(m.getTargetType());
        }
        if (e instanceof DatabindException) {
            String where = e instanceof JsonMappingException j ? field(j) : "";
            String subject = where.isEmpty() ? "the body" : "`" + where + "`";
            Throwable cause = e.getCause();
            boolean ours = cause instanceof IllegalArgumentException
                    && cause.getMessage() != null
                    && !CODE_NAME.matcher(cause.getMessage()).find();
            return "invalid JSON: " + subject + " is not accepted" + (ours ? ": " + cause.getMessage() : "");
        }
        return "invalid JSON: " + reason(e) + at(e.getLocation());
    }

    private static String limit(StreamConstraintsException e) {
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (why.contains("nesting depth")) {
            return "nested deeper than " + StrictJson.MAX_DEPTH + " levels";
        }
        if (why.contains("String value length")) {
            return "a string is longer than " + StrictJson.MAX_STRING + " characters";
        }
        return "a value is larger than allowed";
    }

    private static String subject(MismatchedInputException e) {
        String where = field(e);
        return where.isEmpty() ? "the body" : "`" + where + "`";
    }

    /** The path of the offending value: {@code chunking.size}, {@code knowledgeBaseIds[2]}. */
    private static String field(JsonMappingException e) {
        var out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The JSON kind of value a Java type is read from. */
    static String kind(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class
                || type == int.class
                || type == long.class
                || type == short.class
                || type == byte.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp string";
        }
        if (type.isEnum()) {
            return "one of the values docs/API.md lists for it";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another kind";
    }

    /** The reason Jackson gives for refusing the text, without the names of its classes and switches. */
    private static String reason(JsonProcessingException e) {
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        var character = UNEXPECTED_CHARACTER.matcher(why);
        if (character.lookingAt()) {
            return "unexpected character " + character.group(1);
        }
        var token = UNRECOGNIZED_TOKEN.matcher(why);
        if (token.lookingAt()) {
            return "unrecognized token '" + token.group(1) + "'";
        }
        if (why.startsWith("Numeric value") && why.contains("out of range")) {
            return "a number is out of range";
        }
        why = ASIDES.matcher(why).replaceAll("").replaceAll("\\s+", " ").trim();
        if (why.isEmpty()) {
            return "malformed JSON";
        }
        return why.length() > 200 ? why.substring(0, 200) + "…" : why;
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }
}
