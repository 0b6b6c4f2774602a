package dev.quire.platform.secrets;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start the {@code prod} profile while a secret the service names in {@code quire.secrets.names} is
 * missing, shorter than {@value #MIN_LENGTH} characters, or a value that ever shipped with Quire's sources.
 */
@ApplicationScoped
public class SecretGuard {
    static final int MIN_LENGTH = 16;

    /**
     * Every secret value that was ever written in this repository (defaults of earlier versions, test profiles):
     * a deployment still using one would be open to anybody who read the sources.
     */
    static final Set<String> KNOWN_DEVELOPMENT_VALUES = Set.of(
            "quire-dev-internal-secret",
            "operator-password-change-me",
            "quire-demo-2026",
            "quire_tenant",
            "quire_ingestion",
            "quire_retrieval",
            "quire_chat",
            "quire_connector",
            "test-internal-secret-never-in-production",
            "test-operator-password-never-in-production");

    private final Config config;

    public SecretGuard(Config config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> names =
                config.getOptionalValues("quire.secrets.names", String.class).orElse(List.of());
        List<String> problems = problems(names, n -> config.getOptionalValue(n, String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start without proper secrets: " + String.join("; ", problems)
                    + " (make run generates them under .quire/; `make secrets` shows them)");
        }
    }

    /** What is wrong with each named secret; never the value itself, which must not reach a log. */
    static List<String> problems(List<String> names, Function<String, Optional<String>> lookup) {
        var out = new ArrayList<String>();
        for (String name : names) {
            Optional<String> value = lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                out.add(name + " is not set");
            } else if (KNOWN_DEVELOPMENT_VALUES.contains(value.get())) {
                out.add(name + " is a published development value");
            } else if (value.get().length() < MIN_LENGTH) {
                out.add(name + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        return out;
    }
}
