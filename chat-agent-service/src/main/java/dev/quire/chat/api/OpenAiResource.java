package dev.quire.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.Reservation;
import dev.quire.chat.agent.Turn;
import dev.quire.contracts.Headers;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.InvalidParameter;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import dev.quire.platform.knowledgebase.KnowledgeBaseClient;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The OpenAI-compatible surface: {@code POST /v1/chat/completions} (stream and non-stream) and {@code GET /v1/models}.
 * A completion is one turn of the same agent as {@code /ws/chat}: same rights (chat), reservation, usage and
 * citations, which ride in a top-level {@code quire} object. Model {@code quire} searches everything the caller may
 * read, {@code quire:kb:<id>} one knowledge base.
 * One class because both routes speak one naming scheme and one wire format: completions resolves the model names
 * that models lists, and both build the OpenAI shapes (model entries, usage, finish_reason), the last two reused
 * from here by {@link OpenAiStreamSink}.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiResource {
    private static final Logger LOG = Logger.getLogger(OpenAiResource.class);
    static final String MODEL = "quire";
    static final String KB_MODEL = "quire:kb:";
    private static final int MAX_MESSAGES = 100;

    private final Agent agent;
    private final JsonWebToken jwt;
    private final ObjectMapper json;
    private final KnowledgeBaseClient knowledgeBases;
    private final String internalSecret;

    public OpenAiResource(
            Agent agent,
            JsonWebToken jwt,
            ObjectMapper json,
            @RestClient KnowledgeBaseClient knowledgeBases,
            @ConfigProperty(name = "quire.internal-secret") String internalSecret) {
        this.agent = agent;
        this.jwt = jwt;
        this.json = json;
        this.knowledgeBases = knowledgeBases;
        this.internalSecret = internalSecret;
    }

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public Response completions(
            @RequestBody(
                            content =
                                    @Content(
                                            schema =
                                                    @Schema(
                                                            implementation =
                                                                    OpenAiSchemas.ChatCompletionRequest.class)))
                    JsonNode req,
            @HeaderParam(Headers.RESERVATION_ID) String reservationId,
            @HeaderParam(Headers.RESERVATION_TOKENS) String reservedTokens,
            @Context HttpServerRequest http) {
        var caller = Caller.from(jwt);
        if (req == null || !req.isObject()) {
            throw ApiException.validation("a JSON object body is required");
        }
        JsonNode modelNode = req.path("model");
        if (!modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw param("model", "is required: quire, or quire:kb:<id> (GET /v1/models lists them)");
        }
        String model = modelNode.asText();
        List<UUID> kbs = knowledgeBases(model);
        JsonNode messages = req.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw param("messages", "must be a non-empty array");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw param("messages", "must have at most " + MAX_MESSAGES + " messages");
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"user".equals(last.path("role").asText())) {
            throw param("messages", "must end with a message of role 'user'");
        }
        String question = text(last.path("content"));
        if (question.isBlank()) {
            throw param("messages", "must end with a user message that has text");
        }
        List<Turn.Message> history = new ArrayList<>();
        int size = question.length();
        for (int i = 0; i < messages.size() - 1; i++) {
            String role = messages.get(i).path("role").asText();
            if (role.equals("user") || role.equals("assistant")) {
                String content = text(messages.get(i).path("content"));
                size += content.length();
                history.add(new Turn.Message(role, content));
            }
        }
        if (size > ConversationResource.MAX_CONTENT) {
            throw param("messages", "must be at most " + ConversationResource.MAX_CONTENT + " characters in all");
        }
        Integer maxTokens = req.hasNonNull("max_completion_tokens")
                ? positive(req, "max_completion_tokens")
                : req.hasNonNull("max_tokens") ? positive(req, "max_tokens") : null;
        if (req.hasNonNull("stream") && !req.get("stream").isBoolean()) {
            throw param("stream", "must be true or false");
        }
        // asked for and silently not done, these would mislead a client: refused by name instead
        if (req.hasNonNull("n")
                && !(req.get("n").canConvertToInt() && req.get("n").asInt() == 1)) {
            throw param("n", "must be 1: Quire gives one answer per request");
        }
        for (String tools : List.of("tools", "functions")) {
            if (req.path(tools).isArray() && !req.path(tools).isEmpty()) {
                throw param(
                        tools,
                        "are not supported: Quire's agent uses its own tool (searching your documents) and answers"
                                + " with citations");
            }
        }
        Reservation reservation;
        try {
            reservation = Reservation.of(reservationId, reservedTokens);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        var turn = new Turn(caller, jwt.getRawToken(), null, question, kbs, maxTokens, reservation, history, null);
        // 403 / 404 / 400 before anything streams; a one-shot conversation keeps its heuristic title
        var prepared = agent.prepare(turn).withoutModelTitle();
        String id = "chatcmpl-" + prepared.messageId();
        long created = Instant.now().getEpochSecond();
        var response = http.response();
        if (req.path("stream").asBoolean(false)) {
            StreamingOutput body = out -> {
                var sink = new OpenAiStreamSink(json, id, model, created, out);
                agent.run(turn, prepared, sink, () -> sink.broken() || response.closed());
            };
            return Answers.events(body);
        }
        var answer = Answers.whole(agent, turn, prepared, response::closed);
        ObjectNode out = json.createObjectNode();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.content());
        choice.put("finish_reason", finishReason(answer.finishReason()));
        out.set("usage", usage(json, json.valueToTree(answer.usage())));
        ObjectNode quire = out.putObject("quire");
        quire.set("citations", json.valueToTree(answer.citations()));
        if (!answer.unsupportedCitations().isEmpty()) {
            quire.set("unsupportedCitations", json.valueToTree(answer.unsupportedCitations()));
        }
        quire.put("conversationId", answer.conversationId().toString());
        return Response.ok(out).build();
    }

    /**
     * {@code quire} and one {@code quire:kb:<id>} per knowledge base the caller may read (listed by ingestion-service
     * with the caller's token); a key without the read scope sees the knowledge bases of its kb_ids.
     */
    @GET
    @Path("models")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = OpenAiSchemas.ModelList.class)))
    public ObjectNode models() {
        var caller = Caller.from(jwt);
        if (!caller.can(Role.VIEWER, Scope.CHAT) && !caller.can(Role.VIEWER, Scope.READ)) {
            caller.require(Role.VIEWER, Scope.CHAT);
        }
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        model(data, MODEL, 0, null);
        Set<UUID> seen = new LinkedHashSet<>();
        if (caller.can(Role.VIEWER, Scope.READ)) {
            String cursor = null;
            try {
                for (int page = 0; page < 10; page++) {
                    JsonNode list = knowledgeBases.list("Bearer " + jwt.getRawToken(), internalSecret, 200, cursor);
                    for (JsonNode kb : list.path("items")) {
                        UUID kbId = UUID.fromString(kb.path("id").asText());
                        if (caller.canSee(kbId) && seen.add(kbId)) {
                            long created = kb.hasNonNull("createdAt")
                                    ? Instant.parse(kb.get("createdAt").asText())
                                            .getEpochSecond()
                                    : 0;
                            model(
                                    data,
                                    KB_MODEL + kbId,
                                    created,
                                    kb.path("name").asText(null));
                        }
                    }
                    cursor = list.path("nextCursor").asText(null);
                    if (cursor == null) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("listing knowledge bases failed: %s", e.toString());
                throw new ApiException(502, "upstream_unavailable", "knowledge bases are unavailable, try again");
            }
        } else if (caller.kbIds() != null) {
            caller.kbIds().forEach(kb -> model(data, KB_MODEL + kb, 0, null));
        }
        return out;
    }

    private static void model(ArrayNode data, String id, long created, String name) {
        ObjectNode m = data.addObject();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "quire");
        if (name != null) {
            m.put("name", name);
        }
    }

    /** The knowledge bases a model name selects: null for {@code quire}, one for {@code quire:kb:<id>}. */
    private static List<UUID> knowledgeBases(String model) {
        if (model.equals(MODEL)) {
            return null;
        }
        if (model.startsWith(KB_MODEL)) {
            try {
                return List.of(UUID.fromString(model.substring(KB_MODEL.length())));
            } catch (IllegalArgumentException e) {
                // falls through to not found
            }
        }
        throw new ApiException(404, "model_not_found", "the model '" + abbreviate(model) + "' does not exist");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** A message's text: a string, or the text parts of a content array. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (!content.isArray()) {
            throw param("messages", "a message's content must be a string or an array of content parts");
        }
        var sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                if (!part.path("text").isTextual()) {
                    throw param("messages", "a text content part's text must be a string");
                }
                sb.append(part.get("text").asText());
            }
        }
        return sb.toString();
    }

    /** A refused request field, named in OpenAI's {@code error.param}. */
    private static InvalidParameter param(String param, String reason) {
        return new InvalidParameter(param, reason);
    }

    /** A token cap: a whole number of at least 1 (OpenAI refuses others too, rather than reading "abc" as 0). */
    private static Integer positive(JsonNode req, String field) {
        JsonNode n = req.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw param(field, "must be a whole number of at least 1");
        }
        return n.asInt();
    }

    static String finishReason(String quire) {
        return "length".equals(quire) ? "length" : "stop";
    }

    static ObjectNode usage(ObjectMapper json, JsonNode usage) {
        int prompt = usage.path("promptTokens").asInt();
        int completion = usage.path("completionTokens").asInt();
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }
}
