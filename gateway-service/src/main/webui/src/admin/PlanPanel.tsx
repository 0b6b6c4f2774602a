import { useCallback, useEffect, useState } from 'react';
import { get, put, refresh } from '../api/client';
import { role, type Session } from '../api/session';
import type { Tenant } from '../api/model';
import { DataTable } from '../ui/DataTable';
import { ErrorNote } from '../ui/Dialog';
import { NamedOptions } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { usePlans } from '../ui/useList';
import type { Plan } from './types';

const LIMIT_LABELS: Record<string, string> = {
  requestsPerMinute: 'Requests per minute',
  tokensPerMinute: 'Tokens per minute',
  tokensPerDay: 'Tokens per day',
  concurrentStreams: 'Concurrent chat streams',
  maxDocuments: 'Documents',
  maxStorageMb: 'Storage (MB)',
  maxUploadMb: 'Upload size (MB)',
  maxConnectors: 'Connectors',
};

/**
 * The workspace's plan and its limits; the owner changes to another self-serve plan after confirming it (the limits
 * change at once), and the session is renewed so the header shows the new plan.
 */
export function PlanPanel({ session }: { session: Session }) {
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const plans = usePlans<Plan>();
  const [choice, setChoice] = useState('');
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const isOwner = role(session) === 'owner';
  const load = useCallback(
    () =>
      run(
        get<Tenant>('/api/v1/tenant').then((t) => {
          setTenant(t);
          setChoice(t.plan);
        }),
      ),
    [run],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!tenant) return <ErrorNote error={error} />;
  return (
    <section aria-label="Plan and limits">
      <ErrorNote error={error} />
      <p>
        Workspace <strong>{tenant.name}</strong> is on the <strong>{tenant.plan}</strong> plan.
      </p>
      <DataTable
        label="Limits"
        rows={Object.entries(tenant.limits ?? {})}
        rowKey={([k]) => k}
        columns={[
          { header: 'Limit', cell: ([k]) => LIMIT_LABELS[k] ?? k },
          { header: 'Value', cell: ([, v]) => (typeof v === 'number' ? v.toLocaleString() : String(v)) },
        ]}
      />
      {isOwner && plans.some((p) => p.selfServe !== false) && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const name = (id: string) => plans.find((p) => p.id === id)?.name ?? id;
            confirm({
              title: 'Change plan',
              message: `Move ${tenant.name} from the ${name(tenant.plan)} plan to the ${name(choice)} plan? Its limits change at once.`,
              confirmLabel: 'Change plan',
              onConfirm: () => run(put('/api/v1/tenant/plan', { plan: choice }).then(load).then(refresh)),
            });
          }}
        >
          <label>
            Change plan
            <select value={choice} onChange={(e) => setChoice(e.target.value)}>
              <NamedOptions items={plans.filter((p) => p.selfServe !== false || p.id === tenant.plan)} />
            </select>
          </label>
          <button type="submit" disabled={choice === tenant.plan}>
            Change
          </button>
        </form>
      )}
      {dialog}
    </section>
  );
}
