import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page } from '../api/model';
import { ErrorNote } from '../ui/Dialog';
import { DataTable } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { SearchForm, SelectFilter } from '../ui/Panel';
import { useAction } from '../ui/useAction';
import type { AuditEvent } from './types';

/** Who acted: the user's email, else a short user id, else "API key" (with its short id). */
export function actorLabel(actor: AuditEvent['actor']): string {
  if (actor?.email) return actor.email;
  if (actor?.userId) return actor.userId.slice(0, 8);
  if (actor?.apiKeyId) return `API key ${actor.apiKeyId.slice(0, 8)}`;
  return '';
}

function resource(e: AuditEvent) {
  return (
    <>
      {e.resourceType} {e.resourceName ? <span>{e.resourceName}</span> : null}{' '}
      {e.resourceId ? <code title={e.resourceId}>{e.resourceId.slice(0, 8)}</code> : null}
    </>
  );
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
      <SearchForm label="Filter the audit log" className="filters" onSearch={load}>
        <Field label="From" type="datetime-local" value={from} onValue={setFrom} />
        <Field label="To" type="datetime-local" value={to} onValue={setTo} />
        <SelectFilter label="Action" value={action} options={actions} onChange={setAction} />
      </SearchForm>
      <ErrorNote error={error} />
      <DataTable
        label="Audit events"
        rows={events}
        columns={[
          { header: 'When', cell: (e) => new Date(e.occurredAt).toLocaleString() },
          { header: 'Action', cell: (e) => e.action },
          { header: 'Resource', cell: resource },
          { header: 'Actor', cell: (e) => <span title={e.actor?.userId ?? e.actor?.apiKeyId ?? undefined}>{actorLabel(e.actor)}</span> },
          { header: 'From', cell: (e) => e.ip },
          { header: 'Outcome', cell: (e) => e.outcome },
        ]}
      />
      {cursor && (
        <button type="button" onClick={() => more(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
