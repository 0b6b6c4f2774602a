import { useCallback, useEffect, useState } from 'react';
import { get, patch, put } from '../api/client';
import type { Page } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';

interface AdminTenant {
  id: string;
  name: string;
  plan: string;
  status: string;
  createdAt?: string;
}

/** The operator's tenant list: status, plan, suspend/activate. */
export function PlatformPage() {
  const [tenants, setTenants] = useState<AdminTenant[]>([]);
  const [status, setStatus] = useState('');
  const [plans, setPlans] = useState<{ id: string; name: string }[]>([]);
  const { error, run } = useAction();
  const load = useCallback(
    () =>
      run(
        get<Page<AdminTenant>>(`/api/v1/admin/tenants?limit=200${status ? `&status=${status}` : ''}`).then((p) =>
          setTenants(p.items),
        ),
      ),
    [status, run],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    get<Page<{ id: string; name: string }> | { id: string; name: string }[]>('/api/v1/plans')
      .then((p) => setPlans(Array.isArray(p) ? p : p.items))
      .catch(() => setPlans([]));
  }, []);
  return (
    <section className="platform">
      <h1>Tenants</h1>
      <ErrorNote error={error} />
      <label className="inline">
        Status
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All</option>
          <option value="active">active</option>
          <option value="suspended">suspended</option>
          <option value="deleted">deleted</option>
        </select>
      </label>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Plan</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <select
                    aria-label={`Plan of ${t.name}`}
                    value={t.plan}
                    onChange={(e) => void run(put(`/api/v1/admin/tenants/${t.id}/plan`, { plan: e.target.value }).then(load))}
                  >
                    {(plans.some((p) => p.id === t.plan) ? plans : [...plans, { id: t.plan, name: t.plan }]).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{t.status}</td>
                <td>{t.createdAt ? new Date(t.createdAt).toLocaleDateString() : ''}</td>
                <td>
                  {t.status !== 'deleted' && (
                    <button
                      type="button"
                      onClick={() =>
                        void run(
                          patch(`/api/v1/admin/tenants/${t.id}`, { status: t.status === 'active' ? 'suspended' : 'active' }).then(load),
                        )
                      }
                    >
                      {t.status === 'active' ? 'Suspend' : 'Activate'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
