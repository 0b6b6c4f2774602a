package dev.quire.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.quire.chat.agent.ModelStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Why {@link ModelStream} keeps its own cancel: the extension's {@code StreamingChatModel} (quarkus-langchain4j 1.10.0)
 * cannot stop a stream, while the client handle ModelStream keeps closes the connection. Both against the fake model
 * streaming a slow answer (about 200 words, 50 ms apart); the numbers go to docs/DESIGN.md "Model layer".
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
@WithTestResource(FakeLlm.class)
class ModelCancelTest {
    private static final Logger LOG = Logger.getLogger(ModelCancelTest.class);

    @Inject
    ModelStream stream;

    @Test
    void theExtensionsStreamingHandleCannotStopTheModelsStream() throws Exception {
        StreamingChatModel model = OpenAiStreamingChatModel.builder()
                .baseUrl(FakeLlm.base + "/v1")
                .apiKey("test-key")
                .modelName("fake-gpt")
                .build();
        int closedBefore = FakeLlm.CLOSED.get();
        var cancelledAt = new AtomicInteger(-1);
        var partials = new AtomicInteger();
        var handleSaysCancelled = new AtomicBoolean();
        var done = new CompletableFuture<ChatResponse>();
        long[] times = new long[2];
        model.chat(List.of(UserMessage.from("How are trains booked? [slow]")), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                int n = partials.incrementAndGet();
                if (cancelledAt.get() < 0) {
                    cancelledAt.set(n);
                    times[0] = System.nanoTime();
                    context.streamingHandle().cancel();
                    handleSaysCancelled.set(context.streamingHandle().isCancelled());
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                times[1] = System.nanoTime();
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(60, TimeUnit.SECONDS);
        int after = partials.get() - cancelledAt.get();
        LOG.infof(
                "extension StreamingChatModel after cancel: %d more partial responses over %d ms, answer of %d chars,"
                        + " connection closed by the client: %s",
                after,
                TimeUnit.NANOSECONDS.toMillis(times[1] - times[0]),
                response.aiMessage().text().length(),
                FakeLlm.CLOSED.get() > closedBefore);
        assertFalse(handleSaysCancelled.get(), "the handle is a no-op: it does not even report the cancel");
        assertTrue(after > 150, "the model kept streaming to the end after cancel: " + after + " more partials");
        assertTrue(response.aiMessage().text().endsWith("more"), "the whole answer arrived");
        assertEquals(closedBefore, FakeLlm.CLOSED.get(), "the model wrote its whole answer: nobody closed the stream");
    }

    @Test
    void modelStreamsCancelClosesTheModelsConnection() {
        int closedBefore = FakeLlm.CLOSED.get();
        var deltas = new AtomicInteger();
        long start = System.nanoTime();
        ModelStream.Round round = stream.stream(
                List.of(UserMessage.from("How are trains booked? [slow]")),
                null,
                2000,
                delta -> deltas.incrementAndGet() >= 0,
                () -> deltas.get() >= 1);
        long cancelMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("cancelled", round.finishReason());
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeLlm.CLOSED.get() > closedBefore);
        LOG.infof(
                "ModelStream after cancel: %d deltas delivered in all, returned after %d ms, the model saw its"
                        + " connection closed",
                deltas.get(), cancelMs);
        assertTrue(deltas.get() < 20, "the stream stopped near the cancel: " + deltas.get() + " deltas");
    }
}
