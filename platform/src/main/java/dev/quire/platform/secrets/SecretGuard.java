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
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start the {@code prod} profile while a secret the service names in {@code quire.secrets.names} is
 * missing, shorter than {@value #MIN_LENGTH} characters, or a value that ever shipped with Quire's sources.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class SecretGuard {
    static final int MIN_LENGTH = 16;

    /**
     * SHA-256 of every secret value that was ever written in this repository (defaults of earlier versions, test
     * profiles): a deployment still using one would be open to anybody who read the sources. Kept as digests so the
     * sources name no usable secret.
     */
    static final Set<String> KNOWN_DEVELOPMENT_DIGESTS = Set.of(
            "b0557cb0aebb27b2a66a61c372de0b2fa4b3bd49fe8c55bb2b423c9bbbe6de9a",
            "7d0695dded386155cb3f8976389d3fc7af462817f8315a94c3884c37e7813d51",
            "44c51dee79bccecbff102c92268c795271cf28998674c6d9eb084e0dc12077da",
            "3476a9d2851db58c501aae9a25059b338075de4f9af874a02ff6183496051dc0",
            "e68af1bf541eaab33196194db28c33a6e9fce58278ddedbd2ce8b97dbc4a438b",
            "8d9715df7d39466c7a110309827c8f3e2065a4214987270f52929f01cda40b3d",
            "605a302e2a40ff48f1b0f15c77875dddfd4872a0d931018ef32351b75b0b1583",
            "e381ebca080017b6a9a5eddf7e292c53bf5840236221f26df8d17d567ae2ab42",
            "aaa3792744d62d5a87ec13e0d43cf59a9b48946096645e490e41e751ec707e55",
            "c3d31fd0263e3d31b5ceda366cba4e033d18b7366211802893f7d0a01689a178");

    /** Whether a value is one that ever shipped with Quire's sources. */
    public static boolean isPublished(String value) {
        return KNOWN_DEVELOPMENT_DIGESTS.contains(Sha256.hex(value));
    }

    private final Config config;

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
            } else if (isPublished(value.get())) {
                out.add(name + " is a published development value");
            } else if (value.get().length() < MIN_LENGTH) {
                out.add(name + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        return out;
    }
}
