package dev.quire.gateway.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal keep-alive HTTP/1.1 GET client on one blocking socket, for latency benchmarks: the JDK client hands
 * every call between its selector and executor threads, and on two shared cores those hand-offs were noise larger
 * than the sub-millisecond figure being measured.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;

    RawHttp(String base, String path, String token) throws IOException {
        var uri = URI.create(base);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        request = ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the GET and reads the whole answer; returns its status. */
    int get() throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        long length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long n = Long.parseLong(line().strip(), 16); n > 0; n = Long.parseLong(line().strip(), 16)) {
                in.skipNBytes(n);
                line();
            }
            line();
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    private String line() throws IOException {
        var sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
