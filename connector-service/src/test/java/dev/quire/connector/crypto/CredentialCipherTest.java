package dev.quire.connector.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
    private static final String SECRET = "{\"secretAccessKey\":\"wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY\"}";
    private final CredentialCipher cipher = new CredentialCipher(Optional.of("a-test-key-encryption-key-0001"), 1);

    @Test
    void sealedCredentialsOpenOnlyForTheirConnector() {
        var sealed = cipher.seal("connector-a", SECRET);
        assertEquals(1, sealed.keyVersion());
        assertFalse(new String(sealed.bytes(), StandardCharsets.ISO_8859_1).contains("wJalrXUtnFEMI"));
        assertEquals(SECRET, cipher.open("connector-a", sealed));
        assertThrows(CredentialCipher.SealException.class, () -> cipher.open("connector-b", sealed));
    }

    @Test
    void tamperedCredentialsAreAnErrorNeverRawBytes() {
        var sealed = cipher.seal("c", SECRET);
        byte[] bytes = sealed.bytes().clone();
        bytes[bytes.length - 1] ^= 1;
        assertThrows(
                CredentialCipher.SealException.class, () -> cipher.open("c", new CredentialCipher.Sealed(bytes, 1)));
    }

    @Test
    void anotherKeyOrKeyVersionDoesNotOpen() {
        var sealed = cipher.seal("c", SECRET);
        var other = new CredentialCipher(Optional.of("another-key-encryption-key-0002"), 1);
        assertThrows(CredentialCipher.SealException.class, () -> other.open("c", sealed));
        var rotated = new CredentialCipher(Optional.of("a-test-key-encryption-key-0001"), 2);
        assertThrows(CredentialCipher.SealException.class, () -> rotated.open("c", sealed));
    }

    @Test
    void noKeyMeansNoSealing() {
        var none = new CredentialCipher(Optional.empty(), 1);
        assertThrows(CredentialCipher.SealException.class, () -> none.seal("c", SECRET));
    }
}
