package dev.quire.platform.runtime;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.UUID;

/**
 * Marks the current trace span with the tenant it works for, so an operator can find one tenant's requests and events
 * in the traces. Only the id: never a name, a document's text or a prompt.
 */
public final class TenantSpan {
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("quire.tenant.id");

    private TenantSpan() {}

    public static void mark(UUID tenantId) {
        if (tenantId != null) {
            Span.current().setAttribute(TENANT_ID, tenantId.toString()); // a no-op span when tracing is off
        }
    }
}
