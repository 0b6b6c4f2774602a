package dev.quire.contracts;

/** HTTP header names shared between the gateway and the services. */
public final class Headers {
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String RESERVATION_ID = "X-Quire-Reservation-Id";
    /** Tokens the gateway reserved for this chat turn (prompt estimate + completion cap); never exceed it. */
    public static final String RESERVATION_TOKENS = "X-Quire-Reservation-Tokens";
    /** Shared secret on service-to-service calls to {@code /internal/**} (env QUIRE_INTERNAL_SECRET). */
    public static final String INTERNAL_SECRET = "X-Quire-Internal-Secret";

    /**
     * On a search from chat-agent (with the internal secret): the question's embedding it already computed
     * ({@link dev.quire.contracts.api.QueryEmbedding}), used by retrieval only for knowledge bases on that model.
     */
    public static final String QUERY_EMBEDDING = "X-Quire-Query-Embedding";

    public static final String PROBLEM_JSON = "application/problem+json";

    private Headers() {}
}
