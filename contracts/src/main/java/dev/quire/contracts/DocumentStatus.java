package dev.quire.contracts;

/** A document version's life cycle; it only moves forward (FAILED and DELETING end it). */
public enum DocumentStatus {
    QUEUED,
    PARSING,
    EMBEDDING,
    INDEXING,
    INDEXED,
    FAILED,
    DELETING;

    /** True when moving from this status to {@code next} goes forward for the same version. */
    public boolean canMoveTo(DocumentStatus next) {
        return this != FAILED && this != DELETING && this != INDEXED && next.ordinal() > ordinal();
    }
}
