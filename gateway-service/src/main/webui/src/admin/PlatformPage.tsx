import { useState } from 'react';
import { patch, put } from '../api/client';
import { DataTable } from '../ui/DataTable';
import { ErrorNote } from '../ui/Dialog';
import { NamedOptions } from '../ui/Field';
import { SelectFilter } from '../ui/Panel';
import { useAction } from '../ui/useAction';
import { useList, usePlans } from '../ui/useList';
import { useDocumentTitle } from '../ui/useDocumentTitle';

interface AdminTenant {
  id: string;
  name: string;
  plan: string;
  status: string;
  createdAt?: string;
}

const STATUSES = ['active', 'suspended', 'deleted'];

/** The operator's tenant list: status, plan, suspend/activate. */
export function PlatformPage() {
  useDocumentTitle('Tenants');
  const [status, setStatus] = useState('');
  const { error, run } = useAction();
  const { items: tenants, load } = useList<AdminTenant>(`/api/v1/admin/tenants?limit=200${status ? `&status=${status}` : ''}`, run);
  const plans = usePlans();
  const planOf = (t: AdminTenant) => (
    <select
      aria-label={`Plan of ${t.name}`}
      value={t.plan}
      onChange={(e) => void run(put(`/api/v1/admin/tenants/${t.id}/plan`, { plan: e.target.value }).then(load))}
    >
      <NamedOptions items={plans.some((p) => p.id === t.plan) ? plans : [...plans, { id: t.plan, name: t.plan }]} />
    </select>
  );
  const toggle = (t: AdminTenant) =>
    t.status !== 'deleted' && (
      <button
        type="button"
        onClick={() => void run(patch(`/api/v1/admin/tenants/${t.id}`, { status: t.status === 'active' ? 'suspended' : 'active' }).then(load))}
      >
        {t.status === 'active' ? 'Suspend' : 'Activate'}
      </button>
    );
  return (
    <section className="platform">
      <h1>Tenants</h1>
      <ErrorNote error={error} />
      <SelectFilter className="inline" label="Status" value={status} options={STATUSES} onChange={setStatus} />
      <DataTable
        label="Tenants"
        rows={tenants}
        columns={[
          { header: 'Name', cell: (t) => t.name },
          { header: 'Plan', cell: planOf },
          { header: 'Status', cell: (t) => t.status },
          { header: 'Created', cell: (t) => (t.createdAt ? new Date(t.createdAt).toLocaleDateString() : '') },
          { header: 'Actions', cell: toggle },
        ]}
      />
    </section>
  );
}
