import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from '../api/client';
import { streamEvents } from '../api/sse';
import { TERMINAL, type DocumentItem, type Page } from '../api/model';
import type { Action } from '../ui/useAction';

/** The document table's server-side filters. */
export interface DocumentFilter {
  status: string;
  tag: string;
  q: string;
}

function pick(frame: any): Partial<DocumentItem> {
  const out: Partial<DocumentItem> = { status: frame.status };
  if ('error' in frame) out.error = frame.error;
  if ('chunkCount' in frame) out.chunkCount = frame.chunkCount;
  if ('version' in frame) out.version = frame.version;
  return out;
}

/**
 * A knowledge base's documents, kept live: the SSE event stream when it is served, else polling (fast while a
 * document or an upload is in flight). Load failures go to the caller's {@code run}.
 */
export function useDocumentFeed(kbId: string, filter: DocumentFilter, run: Action['run'], uploading: boolean) {
  const [docs, setDocs] = useState<DocumentItem[] | null>(null);
  const [live, setLive] = useState<'stream' | 'polling'>('polling');
  const { status, tag, q } = filter;

  const load = useCallback(() => {
    const params = new URLSearchParams({ limit: '200' });
    if (status) params.set('status', status);
    if (tag) params.set('tag', tag);
    if (q) params.set('q', q);
    return run(get<Page<DocumentItem>>(`/api/v1/knowledge-bases/${kbId}/documents?${params}`).then((p) => setDocs(p.items)));
  }, [kbId, status, tag, q, run]);

  useEffect(() => {
    void load();
  }, [load]);

  // live status: the SSE stream when it is served, else polling while something is in flight
  useEffect(() => {
    const ctl = new AbortController();
    let last: string | undefined;
    const follow = async () => {
      for (let attempt = 0; !ctl.signal.aborted && attempt < 5; attempt++) {
        try {
          setLive('stream');
          last = await streamEvents(
            `/api/v1/knowledge-bases/${kbId}/events`,
            (e) => {
              let frame: any;
              try {
                frame = JSON.parse(e.data);
              } catch {
                return;
              }
              if (frame?.documentId && frame?.status) {
                setDocs((ds) => {
                  if (!ds) return ds;
                  if (!ds.some((d) => d.id === frame.documentId)) {
                    void load();
                    return ds;
                  }
                  return ds.map((d) => (d.id === frame.documentId ? { ...d, ...pick(frame) } : d));
                });
              } else void load();
            },
            ctl.signal,
            last,
          );
        } catch (e) {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiError && e.status >= 400 && e.status < 500) break;
        }
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
      if (!ctl.signal.aborted) setLive('polling');
    };
    void follow();
    return () => ctl.abort();
  }, [kbId, load]);

  const inFlight = (docs ?? []).some((d) => !TERMINAL.has(d.status)) || uploading;
  useEffect(() => {
    if (live !== 'polling') return;
    const t = setInterval(() => void load(), inFlight ? 1500 : 10_000);
    return () => clearInterval(t);
  }, [live, inFlight, load]);

  return { docs, live, load };
}
