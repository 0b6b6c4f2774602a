import { raw } from './client';

/** One server-sent event as API.md frames it: the data is the complete frame as JSON. */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Splits a text/event-stream into events; keeps the unfinished tail for the next chunk. */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseEvent[] {
    this.buffer += chunk.replace(/\r\n/g, '\n');
    const out: SseEvent[] = [];
    let idx: number;
    while ((idx = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, idx);
      this.buffer = this.buffer.slice(idx + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, id, data: data.join('\n') });
    }
    return out;
  }
}

/**
 * Reads an event stream with fetch (the token rides in the Authorization header, never in the URL), resuming with
 * Last-Event-ID. Rejects with the ApiError when the stream cannot be opened (e.g. 404 where it is not served yet).
 */
export async function streamEvents(
  path: string,
  onEvent: (e: SseEvent) => void,
  signal: AbortSignal,
  lastEventId?: string,
): Promise<string | undefined> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const res = await raw(path, { headers, signal });
  if (!res.body) return lastEventId;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  let last = lastEventId;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    for (const e of parser.push(value)) {
      if (e.id) last = e.id;
      onEvent(e);
    }
  }
}
