package dev.quire.connector.connector;

import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of {@code POST} and {@code PATCH /api/v1/connectors} as the OpenAPI document shows them. The service
 * reads a body as a JSON tree, field by field ({@link ConnectorService}), so that a refusal names the exact field and
 * the type-specific {@code config} and {@code credentials} are checked by their connector type; these records only
 * describe the shape.
 */
final class ConnectorBodies {
    private ConnectorBodies() {}

    @Schema(name = "NewConnector", description = "A connector to create; unknown fields are refused.")
    record NewConnector(
            @Schema(
                            required = true,
                            enumeration = {"web", "s3", "confluence", "google-drive", "sharepoint"})
                    String type,
            @Schema(required = true, maxLength = 200) String name,
            @Schema(required = true, description = "one of the caller's knowledge bases (else 404)")
                    UUID knowledgeBaseId,
            @Schema(description = "the type's settings (docs/API.md, Connectors)") Map<String, Object> config,
            @Schema(description = "the type's secrets: write-only, stored encrypted, never answered")
                    Map<String, Object> credentials,
            Schedule schedule) {}

    @Schema(name = "ConnectorChange", description = "Any of the fields; type and knowledgeBaseId are fixed.")
    record ConnectorChange(
            @Schema(maxLength = 200) String name,
            Map<String, Object> config,
            @Schema(description = "new secrets (write-only)") Map<String, Object> credentials,
            Schedule schedule,
            Boolean paused) {}

    @Schema(name = "ConnectorSchedule", description = "No intervalMinutes (or null): no schedule, manual syncs only.")
    record Schedule(@Schema(minimum = "5", maximum = "10080") Integer intervalMinutes) {}
}
