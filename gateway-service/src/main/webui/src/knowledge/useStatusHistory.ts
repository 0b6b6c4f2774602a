import { useEffect, useRef, useState } from 'react';
import type { DocumentItem } from '../api/model';

/** One status a document was seen in. */
export interface StatusChange {
  status: string;
  version: number;
  at: Date;
  error?: string | null;
}

/**
 * Every status change of the knowledge base's documents seen since the page opened (from the live stream or the
 * polling alike), per document id: the server keeps no per-status history, only each version's processing.
 */
export function useStatusHistory(docs: DocumentItem[] | null): Map<string, StatusChange[]> {
  const last = useRef(new Map<string, string>());
  const [history, setHistory] = useState(new Map<string, StatusChange[]>());
  useEffect(() => {
    const changes: [string, StatusChange][] = [];
    for (const d of docs ?? []) {
      const key = `${d.version ?? 1}/${d.status}`;
      if (last.current.get(d.id) === key) continue;
      last.current.set(d.id, key);
      changes.push([d.id, { status: d.status, version: d.version ?? 1, at: new Date(), error: d.error }]);
    }
    if (changes.length) {
      setHistory((h) => {
        const next = new Map(h);
        for (const [id, c] of changes) next.set(id, [...(next.get(id) ?? []), c]);
        return next;
      });
    }
  }, [docs]);
  return history;
}
