package dev.quire.platform.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretGuardTest {
    private static List<String> check(Map<String, String> values) {
        return SecretGuard.problems(List.of("a", "b"), n -> Optional.ofNullable(values.get(n)));
    }

    @Test
    void generatedSecretsPass() {
        assertEquals(List.of(), check(Map.of("a", "Zx8-Q2v_kLm9pR4tWy7e", "b", "another-random-value-123")));
    }

    @Test
    void missingOrBlankSecretIsRefused() {
        var problems = check(Map.of("a", "   "));
        assertEquals(List.of("a is not set", "b is not set"), problems);
    }

    @Test
    void publishedDevelopmentValuesAreRefused() {
        var problems = check(Map.of("a", "quire-dev-internal-secret", "b", "operator-password-change-me"));
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("published development value"));
    }

    @Test
    void shortSecretIsRefusedWithoutPrintingIt() {
        var problems = check(Map.of("a", "hunter2", "b", "Zx8-Q2v_kLm9pR4tWy7e"));
        assertEquals(List.of("a is shorter than 16 characters"), problems);
        assertTrue(problems.stream().noneMatch(p -> p.contains("hunter2")));
    }
}
