-- the trace context of the request that wrote an event (W3C traceparent/tracestate, null when not traced): platform's
-- outbox relay publishes the record as part of that trace (docs/OBSERVABILITY.md)
alter table outbox add column traceparent text, add column tracestate text;

-- the same for the work queue: the worker that processes an item continues the trace of the upload that queued it
alter table ingest_work add column traceparent text, add column tracestate text;
