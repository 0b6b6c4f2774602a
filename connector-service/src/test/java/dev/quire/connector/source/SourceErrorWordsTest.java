package dev.quire.connector.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.connector.source.SourceConnector.SourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** A run's error says why a source did not answer in an admin's words, never with an exception's class name. */
class SourceErrorWordsTest {
    @Test
    void anUnreachableSourceSaysWhyWithoutNamingTheException() {
        var refused = SourceException.unreachable("https://example.com/", new ConnectException("Connection refused"));
        assertEquals("source_unreachable", refused.code());
        assertEquals("https://example.com/: the connection was refused or could not be made", refused.getMessage());
        assertEquals(
                "the host name does not resolve",
                SourceException.why(new IOException(new UnknownHostException("nope.invalid"))));
        assertEquals("timed out", SourceException.why(new HttpTimeoutException("request timed out")));
        assertEquals("the connection failed", SourceException.why(new IOException("closed")));
    }
}
