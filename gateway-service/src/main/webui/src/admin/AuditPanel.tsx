import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import type { AuditEvent } from './types';

/** The audit log, filtered by time range and action, a page at a time. */
export function AuditPanel() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const { error, run, clear } = useAction();
  const query = useCallback(
    (c?: string | null) => {
      const p = new URLSearchParams({ limit: '50' });
      if (from) p.set('from', new Date(from).toISOString());
      if (to) p.set('to', new Date(to).toISOString());
      if (action) p.set('action', action);
      if (c) p.set('cursor', c);
      return get<Page<AuditEvent>>(`/api/v1/audit-events?${p}`);
    },
    [from, to, action],
  );
  const load = useCallback(() => {
    clear();
    void run(
      query().then((p) => {
        setEvents(p.items);
        setCursor(p.nextCursor);
      }),
    );
  }, [query, run, clear]);
  useEffect(load, [load]);
  const more = (c: string) =>
    void run(
      query(c).then((p) => {
        setEvents((es) => [...es, ...p.items]);
        setCursor(p.nextCursor);
      }),
    );
  return (
    <section aria-label="Audit log">
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          From
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Action
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. api_key.created" />
        </label>
      </form>
      <ErrorNote error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Resource</th>
              <th scope="col">Actor</th>
              <th scope="col">From</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.occurredAt).toLocaleString()}</td>
                <td>{e.action}</td>
                <td>
                  {e.resourceType} {e.resourceId ? <code>{e.resourceId.slice(0, 8)}</code> : null}
                </td>
                <td>{e.actor?.apiKeyId ? `key ${e.actor.apiKeyId.slice(0, 8)}` : e.actor?.userId?.slice(0, 8) ?? ''}</td>
                <td>{e.ip}</td>
                <td>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" onClick={() => more(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
