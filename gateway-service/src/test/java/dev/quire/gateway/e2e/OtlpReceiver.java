package dev.quire.gateway.e2e;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An OTLP/HTTP (protobuf) trace receiver inside the test: the services, started with {@code QUIRE_OTEL_ENDPOINT}
 * pointing here, export their spans to it, and the test reads them back. Only traces; anything else answers 404.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span, flattened: which service sent it, its ids, name, kind and string attributes. */
    record Received(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            Map<String, String> attributes) {}

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                var request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
                request.getResourceSpansList().forEach(rs -> {
                    String service =
                            strings(rs.getResource().getAttributesList()).get("service.name");
                    rs.getScopeSpansList().forEach(ss -> ss.getSpansList()
                            .forEach(s -> spans.add(new Received(
                                    service,
                                    HexFormat.of().formatHex(s.getTraceId().toByteArray()),
                                    HexFormat.of().formatHex(s.getSpanId().toByteArray()),
                                    HexFormat.of().formatHex(s.getParentSpanId().toByteArray()),
                                    s.getName(),
                                    s.getKind().name().replace("SPAN_KIND_", ""),
                                    strings(s.getAttributesList())))));
                });
                byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        server.start();
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        return attributes.stream()
                .collect(Collectors.toMap(
                        KeyValue::getKey,
                        kv -> kv.getValue().hasStringValue()
                                ? kv.getValue().getStringValue()
                                : kv.getValue().toString().strip(),
                        (a, b) -> a));
    }

    /** The spans received so far of one trace. */
    List<Received> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    List<Received> all() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
