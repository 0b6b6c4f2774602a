package dev.quire.chat.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAI's request and list shapes as the OpenAPI document shows them. {@link OpenAiResource} reads and writes them as
 * JSON trees: OpenAI's clients send many fields this endpoint ignores (temperature, user, …), which a bound record
 * refusing unknown fields would turn into 400s, and the answers carry OpenAI's snake_case names. These records only
 * describe the fields read and written.
 */
final class OpenAiSchemas {
    private OpenAiSchemas() {}

    @Schema(
            name = "ChatCompletionRequest",
            description = "OpenAI's chat completion request; fields not listed here are accepted and ignored.")
    record ChatCompletionRequest(
            @Schema(
                            required = true,
                            description = "`quire` (every knowledge base the caller may read) or `quire:kb:<id>` (one;"
                                    + " GET /v1/models lists them); any other name is 404 model_not_found")
                    String model,
            @Schema(
                            required = true,
                            maxItems = 100,
                            description = "the conversation so far; the last one must be the user's question (at"
                                    + " most 32,000 characters in all)")
                    List<Message> messages,
            @Schema(description = "true: server-sent events of chat.completion.chunk, ending with data: [DONE]")
                    Boolean stream,
            @Schema(description = "the answer's token cap (within the plan's reservation)") Integer max_tokens,
            @Schema(description = "the same as max_tokens (OpenAI's newer name; wins when both are sent)")
                    Integer max_completion_tokens) {}

    @Schema(name = "ChatCompletionMessage")
    record Message(
            @Schema(
                            required = true,
                            description = "`user` and `assistant` turns are read; others (system, developer, tool)"
                                    + " are ignored")
                    String role,
            @Schema(
                            required = true,
                            description = "a string, or an array of content parts of which the `text` parts are read")
                    Object content) {}

    @Schema(name = "ModelList", description = "The models a caller may name: `quire` and one per knowledge base.")
    record ModelList(@Schema(enumeration = "list") String object, List<Model> data) {}

    @Schema(name = "Model")
    record Model(
            @Schema(description = "`quire` or `quire:kb:<id>`") String id,
            @Schema(enumeration = "model") String object,
            @Schema(description = "the knowledge base's creation, seconds since the epoch (0 for `quire`)")
                    long created,
            @Schema(enumeration = "quire") String owned_by,
            @Schema(description = "the knowledge base's name (absent for `quire`)") String name) {}
}
