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

    private Claims() {}
}
