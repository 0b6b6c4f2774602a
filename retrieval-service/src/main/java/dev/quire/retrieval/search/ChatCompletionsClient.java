package dev.quire.retrieval.search;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The OpenAI-compatible chat-completions endpoint, used by the LLM reranker. */
@RegisterRestClient(configKey = "llm")
public interface ChatCompletionsClient {
    @POST
    @Path("/chat/completions")
    JsonNode complete(@HeaderParam("Authorization") String authorization, Map<String, Object> request);
}
