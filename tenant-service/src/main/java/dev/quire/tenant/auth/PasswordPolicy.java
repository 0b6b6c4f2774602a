package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new password must be (NIST SP 800-63B's rules, without composition rules): 8 to 1024 characters, not one of
 * the passwords that lead the public lists of leaked ones, not one character repeated or a run of the keyboard or the
 * alphabet, and not the account's own address.
 */
public final class PasswordPolicy {
    static final int MIN = 8;
    static final int MAX = 1024;
    private static final Set<String> COMMON = load();
    private static final String RUNS = "0123456789 9876543210 abcdefghijklmnopqrstuvwxyz zyxwvutsrqponmlkjihgfedcba"
            + " qwertyuiopasdfghjklzxcvbnm qwertzuiopasdfghjklyxcvbnm azertyuiopqsdfghjklmwxcvbn";

    private PasswordPolicy() {}

    /** Refuses a password that breaks a rule (400 {@code validation_failed}); {@code email} may be null. */
    public static void check(String password, String email) {
        if (password == null || password.length() < MIN || password.length() > MAX) {
            throw ApiException.validation("password needs " + MIN + " to " + MAX + " characters");
        }
        // spaces around a common password do not make it another one
        String p = password.strip().toLowerCase(Locale.ROOT);
        if (COMMON.contains(p) || p.chars().distinct().count() <= 1 || RUNS.contains(p)) {
            throw ApiException.validation(
                    "The password is one of the most common passwords or a simple run of characters: choose another.");
        }
        checkAddress(password, email);
    }

    /** Refuses a password that is the account's address or its local part ({@code email} may be null). */
    public static void checkAddress(String password, String email) {
        if (password == null || email == null || email.isBlank()) {
            return;
        }
        String p = password.strip().toLowerCase(Locale.ROOT);
        String address = email.strip().toLowerCase(Locale.ROOT);
        String local = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        if (p.equals(address) || (local.length() >= MIN && p.equals(local))) {
            throw ApiException.validation("The password must not be your email address.");
        }
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/auth/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("auth/common-passwords.txt is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
