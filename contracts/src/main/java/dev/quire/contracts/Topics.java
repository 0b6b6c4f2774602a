package dev.quire.contracts;

/** Kafka topic names of EVENTS.md; a poison record of a topic goes to the same name with {@link #DLQ_SUFFIX}. */
public final class Topics {
    public static final String INGEST_REQUESTED = "document.ingest-requested";
    public static final String CHUNKED = "document.chunked";
    public static final String INDEXED = "document.indexed";
    public static final String STATUS = "document.status";
    public static final String DELETED = "document.deleted";
    /** A document's tags changed; retrieval rewrites its chunks' tags (project addition). */
    public static final String TAGGED = "document.tagged";

    /** A connector's item changed or vanished; ingestion turns it into a document version or a delete. */
    public static final String CONNECTOR_ITEM = "connector.item";

    /** Ingestion refused a connector item (the plan's document or storage quota); connector-service records it. */
    public static final String CONNECTOR_ITEM_REFUSED = "connector.item-refused";

    public static final String USAGE_RECORDED = "usage.recorded";
    /** Requests admitted by one gateway replica for one tenant since its last report (project addition). */
    public static final String USAGE_REQUESTS = "usage.requests";

    public static final String AUDIT_RECORDED = "audit.recorded";
    public static final String TENANT_CHANGED = "tenant.changed";
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    /** The record key of a document event: one document's events stay in order on one partition. */
    public static String documentKey(java.util.UUID tenantId, java.util.UUID documentId) {
        return tenantId + ":" + documentId;
    }
}
