package dev.quire.connector.sync;

/** Where a sync run stands; the last five are final. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    INTERRUPTED,
    CANCELLED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
