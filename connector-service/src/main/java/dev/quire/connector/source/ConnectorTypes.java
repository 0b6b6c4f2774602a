package dev.quire.connector.source;

import dev.quire.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The source types this installation can sync, by their {@code type} id. */
@ApplicationScoped
public class ConnectorTypes {
    private final List<SourceConnector> all;

    public ConnectorTypes(Instance<SourceConnector> types) {
        this.all = types.stream()
                .sorted(Comparator.comparing(SourceConnector::type))
                .toList();
    }

    public List<SourceConnector> all() {
        return all;
    }

    public Optional<SourceConnector> find(String type) {
        return all.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    /** The type, or 400 {@code validation_failed} naming the known ones. */
    public SourceConnector require(String type) {
        return find(type)
                .orElseThrow(() -> ApiException.validation("type must be one of "
                        + all.stream().map(SourceConnector::type).toList()));
    }
}
