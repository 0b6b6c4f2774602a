package dev.quire.chat.api;

import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.Turn;
import dev.quire.platform.api.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.function.BooleanSupplier;

/** How a REST turn is answered, for both chat APIs: streamed as server-sent events, or whole once it is done. */
final class Answers {
    private Answers() {}

    /** Server-sent events, flushed as they are written and never buffered by a proxy. */
    static Response events(StreamingOutput body) {
        return Response.ok(body)
                .type(MediaType.SERVER_SENT_EVENTS)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    /** Runs the turn to its end; a stream that ended in an error frame becomes that code's problem. */
    static Agent.Answer whole(Agent agent, Turn turn, Agent.Prepared prepared, BooleanSupplier closed) {
        var sink = new CollectingSink();
        var answer = agent.run(turn, prepared, sink, closed);
        if (answer == null) {
            var error = sink.error();
            throw new ApiException(status(error.code()), error.code(), error.message());
        }
        return answer;
    }

    /** The HTTP status of an error frame's code. */
    static int status(String code) {
        return switch (code) {
            case "invalid_token" -> 401;
            case "forbidden" -> 403;
            case "not_found", "model_not_found" -> 404;
            case "rate_limited" -> 429;
            case "upstream_unavailable" -> 502;
            default -> 500;
        };
    }
}
