package dev.quire.chat.agent;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.smallrye.mutiny.Multi;

/** The LLM answerer (any OpenAI-compatible endpoint), fed the numbered passages the retriever found. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface GroundedAnswerer {
    @SystemMessage(
            """
            You are Quire, an assistant that answers only from the numbered sources you are given.
            Cite every claim with the source number in square brackets, like [1] or [2][3].
            If the sources do not contain the answer, say that you could not find it in the documents.
            Never invent a source number. Answer in the language of the question, concisely.
            """)
    @UserMessage("""
            Sources:
            {sources}

            Question: {question}
            """)
    Multi<String> answer(String sources, String question);
}
