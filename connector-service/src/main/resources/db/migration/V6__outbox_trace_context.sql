-- the trace context of the request that wrote an event (W3C traceparent/tracestate, null when not traced): platform's
-- outbox relay publishes the record as part of that trace (docs/OBSERVABILITY.md)
alter table outbox add column traceparent text, add column tracestate text;
