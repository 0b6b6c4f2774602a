import { useEffect, useState } from 'react';
import { del, get, patch, post, type Page } from '../api/client';
import { atLeast, type Session } from '../api/session';
import { DataTable } from '../ui/DataTable';
import { Panel } from '../ui/Panel';
import { RowActions } from '../ui/RowActions';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { useCreateDialog } from '../ui/useCreateDialog';
import { useList } from '../ui/useList';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { AddConnectorDialog } from './AddConnectorDialog';
import { ACTIVE, type Connector, type ConnectorType, type Run, type RunError } from './types';

const when = (t?: string) => (t ? new Date(t).toLocaleString() : '');
const counts = (r: Run) =>
  `${r.counts.seen} seen · ${r.counts.added} added · ${r.counts.updated} updated · ${r.counts.deleted} deleted · ${r.counts.failed} failed`;

/**
 * The workspace's connectors: add one (a form from its type's schema), sync now, pause and resume, delete (with or
 * without its documents), and each connector's runs with live counts and per-item errors. Admins manage; members see.
 */
export function ConnectorsPage({ session }: { session: Session }) {
  const admin = atLeast(session, 'admin');
  useDocumentTitle('Connectors');
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const { items: connectors, load } = useList<Connector>('/api/v1/connectors', run);
  const [types, setTypes] = useState<ConnectorType[]>([]);
  const [open, setOpen] = useState<Connector | null>(null);
  const adding = useCreateDialog<Connector>((c) => {
    setOpen(c);
    void load();
  });
  useEffect(() => {
    get<Page<ConnectorType>>('/api/v1/connector-types')
      .then((p) => setTypes(p.items))
      .catch(() => setTypes([]));
  }, []);
  // while a run is queued or running, the list refreshes so its status moves on screen; every 5 s, so that watching
  // a run (list and runs panel: 24 requests a minute) leaves room in a free plan's 60 requests a minute
  const busy = (connectors ?? []).some((c) => c.lastRun && ACTIVE.includes(c.lastRun.status));
  useEffect(() => {
    if (!busy) return;
    const t = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(t);
  }, [busy, load]);

  const sync = (c: Connector, full = false) =>
    run(post(`/api/v1/connectors/${c.id}/sync${full ? '?full=true' : ''}`).then(() => void load()));
  const pause = (c: Connector) => run(patch(`/api/v1/connectors/${c.id}`, { paused: !c.paused }).then(() => void load()));
  const remove = (c: Connector) =>
    confirm({
      title: 'Delete connector',
      message: (
        <>
          Delete “{c.name}”? Its documents stay in the knowledge base unless you choose “Delete with documents”.
        </>
      ),
      confirmLabel: 'Delete with documents',
      onConfirm: () =>
        run(del(`/api/v1/connectors/${c.id}?deleteDocuments=true`).then(() => {
          setOpen(null);
          void load();
        })),
    });

  return (
    <div className="connectors-page">
      <h1>Connectors</h1>
      <Panel
        label="Connectors"
        error={error}
        action={admin && types.length ? { label: 'Add connector', onClick: adding.open } : undefined}
      >
        <p className="muted">
          Connectors keep a knowledge base in step with a source: new and changed items are indexed, deleted ones
          removed. {admin ? '' : 'Admins add and manage them.'}
        </p>
        <DataTable
          label="Connector list"
          rows={connectors}
          empty="No connectors yet."
          columns={[
            {
              header: 'Name',
              cell: (c) => (
                <button type="button" className="link" onClick={() => setOpen(c)}>
                  {c.name}
                </button>
              ),
            },
            { header: 'Type', cell: (c) => c.type },
            {
              header: 'Last run',
              cell: (c) =>
                c.lastRun ? (
                  <span className={`status s-${c.lastRun.status.toLowerCase()}`} title={c.lastRun.error ?? undefined}>
                    {c.lastRun.status}
                  </span>
                ) : (
                  <span className="muted">never</span>
                ),
            },
            {
              header: 'State',
              className: 'wide-only',
              cell: (c) =>
                c.flagged
                  ? `failing (${c.consecutiveFailures} runs)`
                  : c.paused
                    ? 'paused'
                    : c.schedule?.intervalMinutes
                      ? `every ${c.schedule.intervalMinutes} min`
                      : 'on demand',
            },
            {
              header: 'Actions',
              className: 'row-actions',
              cell: (c) =>
                admin && (
                  <RowActions label={`Actions for ${c.name}`}>
                    <button type="button" disabled={c.paused} onClick={() => void sync(c)}>
                      Sync now
                    </button>
                    <button type="button" onClick={() => void pause(c)}>
                      {c.paused ? 'Resume' : 'Pause'}
                    </button>
                    <button type="button" className="danger" onClick={() => remove(c)}>
                      Delete
                    </button>
                  </RowActions>
                ),
            },
          ]}
        />
      </Panel>
      {open && <Runs connector={open} onClose={() => setOpen(null)} onFullSync={admin ? () => void sync(open, true) : undefined} />}
      {adding.shown && <AddConnectorDialog types={types} onClose={adding.close} onAdded={adding.created} />}
      {dialog}
    </div>
  );
}

/** A connector's newest runs, refreshed while one is active, and the per-item errors of the one chosen. */
function Runs(props: { connector: Connector; onClose: () => void; onFullSync?: () => void }) {
  const { connector, onClose, onFullSync } = props;
  const { error, run } = useAction();
  const { items: runs, load } = useList<Run>(`/api/v1/connectors/${connector.id}/runs`, run);
  const [errorsOf, setErrorsOf] = useState<Run | null>(null);
  const [errors, setErrors] = useState<RunError[]>([]);
  const active = (runs ?? []).some((r) => ACTIVE.includes(r.status));
  useEffect(() => {
    if (!active) return;
    const t = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(t);
  }, [active, load]);
  useEffect(() => {
    if (!errorsOf) return;
    void run(
      get<Page<RunError>>(`/api/v1/connectors/${connector.id}/runs/${errorsOf.id}/errors`).then((p) => setErrors(p.items)),
    );
  }, [errorsOf, connector.id, run]);
  return (
    <Panel
      label={`Runs of ${connector.name}`}
      error={error}
      action={{ label: 'Close', onClick: onClose }}
    >
      {onFullSync && (
        <p>
          <button type="button" onClick={onFullSync}>
            Full sync (list everything again)
          </button>
        </p>
      )}
      <DataTable
        label={`Runs of ${connector.name}`}
        rows={runs}
        empty="No runs yet."
        columns={[
          { header: 'Started', cell: (r) => when(r.startedAt ?? r.queuedAt) },
          {
            header: 'Status',
            cell: (r) => <span className={`status s-${r.status.toLowerCase()}`}>{r.status}</span>,
          },
          { header: 'Progress', cell: (r) => counts(r) },
          { header: 'Trigger', className: 'wide-only', cell: (r) => `${r.trigger}${r.full ? ' (full)' : ''}` },
          {
            header: 'Errors',
            cell: (r) =>
              r.counts.failed > 0 || r.error ? (
                <button type="button" onClick={() => setErrorsOf(r)}>
                  Show errors
                </button>
              ) : (
                ''
              ),
          },
        ]}
      />
      {errorsOf && (
        <section aria-label="Item errors">
          <h3>Errors of the run started {when(errorsOf.startedAt ?? errorsOf.queuedAt)}</h3>
          {errorsOf.error && <p className="error">{errorsOf.error}</p>}
          <ul className="run-errors">
            {errors.map((e) => (
              <li key={`${e.itemId}-${e.at}`}>
                <strong>{e.url ? <a href={e.url} target="_blank" rel="noreferrer noopener">{e.name ?? e.itemId}</a> : (e.name ?? e.itemId)}</strong>{' '}
                <code>{e.code}</code> {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Panel>
  );
}
