package dev.quire.platform.api;

import io.vertx.core.http.HttpServerRequest;

/** The client address for the audit log: the first X-Forwarded-For hop (set by the gateway), else the peer. */
public final class ClientIp {
    private ClientIp() {}

    public static String of(HttpServerRequest req) {
        if (req == null) {
            return null;
        }
        String forwarded = req.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String first = forwarded.split(",")[0].strip();
            return first.length() > 64 ? first.substring(0, 64) : first;
        }
        return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    }
}
