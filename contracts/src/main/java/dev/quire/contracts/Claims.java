package dev.quire.contracts;

/** JWT claim names and the audience Quire's tokens carry (API.md "Auth"). */
public final class Claims {
    public static final String TENANT_ID = "tenant_id";
    public static final String PLAN = "plan";
    public static final String GROUPS = "groups";
    public static final String API_KEY_ID = "api_key_id";
    public static final String SCOPE = "scope";
    public static final String KB_IDS = "kb_ids";
    public static final String AUDIENCE = "quire";
    /** The plan's document limit, in the gateway's internal tokens (ingestion refuses uploads past it). */
    public static final String MAX_DOCUMENTS = "max_documents";
    /** The plan's storage limit in MB, in the gateway's internal tokens. */
    public static final String MAX_STORAGE_MB = "max_storage_mb";

    /** The plan's connector limit, in the gateway's internal tokens (connector-service refuses a connector past it). */
    public static final String MAX_CONNECTORS = "max_connectors";

    private Claims() {}
}
