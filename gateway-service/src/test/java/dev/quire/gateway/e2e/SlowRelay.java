package dev.quire.gateway.e2e;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay in front of a real server that holds each chunk a client sends for a set delay: the same server, only
 * slower to answer, so a sync is still running when a test kills its service. Bytes pass unchanged (an S3 request's
 * signature covers its Host header, which the client computed for the relay's address and the server checks as sent).
 */
final class SlowRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "slow-relay");
        t.setDaemon(true);
        return t;
    });
    private volatile long delayMs;

    private SlowRelay(ServerSocket server, InetSocketAddress target, long delayMs) {
        this.server = server;
        this.target = target;
        this.delayMs = delayMs;
    }

    /** Relays 127.0.0.1:&lt;a free port&gt; to {@code target}'s host and port, holding client chunks {@code delayMs}. */
    static SlowRelay start(URI target, long delayMs) throws IOException {
        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var relay = new SlowRelay(server, new InetSocketAddress(target.getHost(), target.getPort()), delayMs);
        relay.pumps.execute(relay::accept);
        return relay;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on client chunks wait this long (0: a plain relay). */
    void delay(long ms) {
        delayMs = ms;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                pumps.execute(() -> pump(client, upstream, true));
                pumps.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the server refused one connection: the client sees its socket closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean slow) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                long d = delayMs;
                if (slow && d > 0) {
                    Thread.sleep(d);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        close(server);
        pumps.shutdownNow();
    }
}
