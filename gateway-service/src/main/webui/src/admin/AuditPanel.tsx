import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import type { AuditEvent } from './types';

/** Who acted: the user's email, else a short user id, else "API key" (with its short id). */
export function actorLabel(actor: AuditEvent['actor']): string {
  if (actor?.email) return actor.email;
  if (actor?.userId) return actor.userId.slice(0, 8);
  if (actor?.apiKeyId) return `API key ${actor.apiKeyId.slice(0, 8)}`;
  return '';
}

/** The audit log, filtered by time range and action, a page at a time. */
export function AuditPanel() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [actions, setActions] = useState<string[]>([]);
  const { error, run, clear } = useAction();
  useEffect(() => {
    let live = true;
    get<string[]>('/api/v1/audit-events/actions')
      .then((a) => {
        if (live) setActions(a);
      })
      .catch(() => {
        /* the filter still offers "All" */
      });
    return () => {
      live = false;
    };
  }, []);
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
          <select value={action} onChange={(e) => setAction(e.target.value)} title="e.g. document.upload">
            <option value="">All</option>
            {(action && !actions.includes(action) ? [...actions, action] : actions).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
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
                  {e.resourceType} {e.resourceName ? <span>{e.resourceName}</span> : null}{' '}
                  {e.resourceId ? <code title={e.resourceId}>{e.resourceId.slice(0, 8)}</code> : null}
                </td>
                <td title={e.actor?.userId ?? e.actor?.apiKeyId ?? undefined}>{actorLabel(e.actor)}</td>
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
