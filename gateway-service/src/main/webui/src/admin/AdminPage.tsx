import { useCallback, useEffect, useState } from 'react';
import { describe, del, get, patch, post, put } from '../api/client';
import { atLeast, role, type Session } from '../api/session';
import type { KnowledgeBase, Page, Tenant } from '../api/types';
import { Chart } from '../charts/Chart';
import { Dialog, ErrorNote } from '../ui/Dialog';
import { Link } from '../ui/router';

interface UsagePeriod {
  periodStart: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  documents?: number;
  documentsStored?: number;
  storageBytes?: number;
}
interface UsageReport {
  items: UsagePeriod[];
  granularity: string;
  from: string;
  to: string;
  totals: { requests: number; promptTokens: number; completionTokens: number; documents?: number; storageBytes?: number };
  today: { requests: number; promptTokens: number; completionTokens: number; totalTokens?: number };
}
interface User {
  id: string;
  email: string;
  role: string;
  status?: string;
  createdAt?: string;
  invitationToken?: string;
}
interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes?: string[];
  knowledgeBaseIds?: string[] | null;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
  secret?: string;
}
interface AuditEvent {
  id: string;
  occurredAt: string;
  actor?: { userId?: string | null; apiKeyId?: string | null };
  action: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: string;
  ip?: string;
}
interface Plan {
  id: string;
  name: string;
  selfServe?: boolean;
  limits: Record<string, number>;
}

const SCOPES = ['read', 'search', 'chat', 'upload', 'admin'];
const ROLES = ['viewer', 'member', 'admin', 'owner'];

/** Tenant administration: usage, plan and limits, users, API keys and the audit log (tabs by role). */
export function AdminPage({ path, session }: { path: string; session: Session }) {
  const admin = atLeast(session, 'admin');
  const tabs: [string, string, boolean][] = [
    ['usage', 'Usage', true],
    ['plan', 'Plan & limits', true],
    ['users', 'Users', admin],
    ['keys', 'API keys', admin],
    ['audit', 'Audit log', admin],
  ];
  const tab = path.split('/')[2] || 'usage';
  return (
    <div className="admin">
      <h1>Admin</h1>
      <nav aria-label="Admin sections" className="tabs">
        <ul>
          {tabs
            .filter(([, , show]) => show)
            .map(([id, label]) => (
              <li key={id}>
                <Link to={`/admin/${id}`} aria-current={tab === id ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      {tab === 'usage' && <UsageTab />}
      {tab === 'plan' && <PlanTab session={session} />}
      {tab === 'users' && admin && <UsersTab session={session} />}
      {tab === 'keys' && admin && <KeysTab />}
      {tab === 'audit' && admin && <AuditTab />}
    </div>
  );
}

function dayKey(d: Date, hourly: boolean) {
  return hourly ? d.toISOString().slice(0, 13) : d.toISOString().slice(0, 10);
}

function UsageTab() {
  const [granularity, setGranularity] = useState<'day' | 'hour'>('day');
  const [report, setReport] = useState<UsageReport | null>(null);
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<UsageReport>(`/api/v1/usage?granularity=${granularity}&limit=200`)
      .then(setReport)
      .catch((e) => setError(describe(e)));
  }, [granularity]);
  useEffect(() => {
    get<Tenant>('/api/v1/tenant')
      .then(setTenant)
      .catch((e) => setError(describe(e)));
  }, []);
  const hourly = granularity === 'hour';
  // every period of the range, zero where nothing was used
  const labels: string[] = [];
  const byKey = new Map((report?.items ?? []).map((p) => [dayKey(new Date(p.periodStart), hourly), p]));
  if (report) {
    const step = hourly ? 3_600_000 : 86_400_000;
    // periods start on UTC day (or hour) boundaries; the range's ends need not
    const end = new Date(report.to).getTime();
    for (let t = Math.floor(new Date(report.from).getTime() / step) * step; t < end; t += step) {
      labels.push(dayKey(new Date(t), hourly));
    }
  }
  const series = (f: (p: UsagePeriod) => number) => labels.map((l) => (byKey.has(l) ? f(byKey.get(l)!) : 0));
  const short = (l: string) => (hourly ? l.slice(11) + 'h' : l.slice(5));
  const limits = tenant?.limits ?? {};
  return (
    <section aria-label="Usage">
      <ErrorNote error={error} />
      <label className="inline">
        Granularity
        <select value={granularity} onChange={(e) => setGranularity(e.target.value as 'day' | 'hour')}>
          <option value="day">Days (30)</option>
          <option value="hour">Hours (24)</option>
        </select>
      </label>
      {tenant?.usage && (
        <div className="meters">
          <Meter label="Tokens today" value={tenant.usage.totalTokens ?? tenant.usage.promptTokens + tenant.usage.completionTokens} max={limits.tokensPerDay} />
          <Meter label="Requests today" value={tenant.usage.requests} />
          <Meter label="Documents stored" value={tenant.usage.documentsStored ?? 0} max={limits.maxDocuments} />
          <Meter
            label="Storage (MB)"
            value={Math.ceil((tenant.usage.storageBytes ?? 0) / 1_048_576)}
            max={limits.maxStorageMb}
          />
        </div>
      )}
      {report && (
        <>
          <Chart
            data={{
              kind: 'bar',
              title: `Requests per ${granularity}`,
              labels: labels.map(short),
              series: [{ name: 'requests', values: series((p) => p.requests) }],
              limit: hourly && limits.requestsPerMinute ? { value: limits.requestsPerMinute * 60, label: 'plan limit' } : undefined,
            }}
          />
          <Chart
            data={{
              kind: 'bar',
              title: `Tokens per ${granularity}`,
              labels: labels.map(short),
              series: [
                { name: 'prompt tokens', values: series((p) => p.promptTokens) },
                { name: 'completion tokens', values: series((p) => p.completionTokens) },
              ],
              limit: !hourly && limits.tokensPerDay ? { value: limits.tokensPerDay, label: 'daily token limit' } : undefined,
            }}
          />
          <p className="muted">
            In this range: {report.totals.requests} requests, {report.totals.promptTokens} prompt and{' '}
            {report.totals.completionTokens} completion tokens, {report.totals.documents ?? 0} documents added.
          </p>
        </>
      )}
    </section>
  );
}

function Meter({ label, value, max }: { label: string; value: number; max?: number }) {
  return (
    <div className="meter">
      <span>{label}</span>
      <strong>
        {value.toLocaleString()}
        {max ? ` / ${max.toLocaleString()}` : ''}
      </strong>
      {max ? <meter min={0} max={max} value={value} low={max * 0.7} high={max * 0.9} aria-label={label} /> : null}
    </div>
  );
}

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

function PlanTab({ session }: { session: Session }) {
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const isOwner = role(session) === 'owner';
  const load = useCallback(() => {
    get<Tenant>('/api/v1/tenant')
      .then((t) => {
        setTenant(t);
        setChoice(t.plan);
      })
      .catch((e) => setError(describe(e)));
  }, []);
  useEffect(() => {
    load();
    get<Page<Plan> | Plan[]>('/api/v1/plans')
      .then((p) => setPlans(Array.isArray(p) ? p : p.items))
      .catch(() => setPlans([]));
  }, [load]);
  if (!tenant) return <ErrorNote error={error} />;
  return (
    <section aria-label="Plan and limits">
      <ErrorNote error={error} />
      <p>
        Workspace <strong>{tenant.name}</strong> is on the <strong>{tenant.plan}</strong> plan.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(tenant.limits ?? {}).map(([k, v]) => (
            <tr key={k}>
              <td>{LIMIT_LABELS[k] ?? k}</td>
              <td>{String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isOwner && plans.some((p) => p.selfServe !== false) && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            put('/api/v1/tenant/plan', { plan: choice })
              .then(load)
              .catch((err) => setError(describe(err)));
          }}
        >
          <label>
            Change plan
            <select value={choice} onChange={(e) => setChoice(e.target.value)}>
              {plans
                .filter((p) => p.selfServe !== false || p.id === tenant.plan)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
          <button type="submit" disabled={choice === tenant.plan}>
            Change
          </button>
        </form>
      )}
    </section>
  );
}

function UsersTab({ session }: { session: Session }) {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [invited, setInvited] = useState<User | null>(null);
  const load = useCallback(() => {
    get<Page<User>>('/api/v1/users?limit=200')
      .then((p) => setUsers(p.items))
      .catch((e) => setError(describe(e)));
  }, []);
  useEffect(load, [load]);
  const assignable = role(session) === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
  return (
    <section aria-label="Users">
      <ErrorNote error={error} />
      <button type="button" className="primary" onClick={() => setAdding(true)}>
        Add user
      </button>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === session.claims.sub}
                    onChange={(e) =>
                      patch(`/api/v1/users/${u.id}`, { role: e.target.value })
                        .then(load)
                        .catch((err) => setError(describe(err)))
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r} disabled={!assignable.includes(r)}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.status}</td>
                <td>
                  {u.id !== session.claims.sub && (
                    <button
                      type="button"
                      className="danger"
                      onClick={() =>
                        del(`/api/v1/users/${u.id}`)
                          .then(load)
                          .catch((err) => setError(describe(err)))
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {adding && (
        <AddUser
          roles={assignable}
          onClose={() => setAdding(false)}
          onAdded={(u) => {
            setAdding(false);
            if (u.invitationToken) setInvited(u);
            load();
          }}
        />
      )}
      {invited && (
        <Dialog title="Invitation created" onClose={() => setInvited(null)}>
          <p>Send this one-time invitation token to {invited.email}; it is shown only now.</p>
          <code className="secret">{invited.invitationToken}</code>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setInvited(null)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function AddUser({ roles, onClose, onAdded }: { roles: string[]; onClose: () => void; onAdded: (u: User) => void }) {
  const [email, setEmail] = useState('');
  const [r, setR] = useState('member');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Add user" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post<User>('/api/v1/users', { email, role: r, password: password || undefined })
            .then(onAdded)
            .catch((err) => setError(describe(err)));
        }}
      >
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select value={r} onChange={(e) => setR(e.target.value)}>
            {roles.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          Initial password (leave empty to create an invitation)
          <input type="password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </label>
        <ErrorNote error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Add
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function KeysTab() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const load = useCallback(() => {
    get<Page<ApiKey>>('/api/v1/api-keys?limit=200')
      .then((p) => setKeys(p.items))
      .catch((e) => setError(describe(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <section aria-label="API keys">
      <ErrorNote error={error} />
      <button type="button" className="primary" onClick={() => setCreating(true)}>
        Create API key
      </button>
      <div className="table-wrap">
        <table className="keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{(k.scopes ?? []).join(', ')}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{k.revokedAt ? 'revoked' : 'active'}</td>
                <td>
                  {!k.revokedAt && (
                    <button type="button" className="danger" onClick={() => setRevoking(k)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {!keys.length && (
              <tr>
                <td colSpan={6} className="muted">
                  No API keys.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {creating && (
        <CreateKey
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
            load();
          }}
        />
      )}
      {created && (
        <Dialog title="API key created" onClose={() => setCreated(null)}>
          <p>Copy the secret now: it is shown only once and stored hashed.</p>
          <code className="secret" data-testid="api-key-secret">
            {created.secret}
          </code>
          <div className="actions">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.secret ?? '')}>
              Copy
            </button>
            <button type="button" className="primary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
      {revoking && (
        <Dialog title="Revoke API key" onClose={() => setRevoking(null)}>
          <p>Revoke “{revoking.name}”? Callers using it are refused within seconds.</p>
          <div className="actions">
            <button type="button" onClick={() => setRevoking(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const k = revoking;
                del(`/api/v1/api-keys/${k.id}`)
                  .then(load)
                  .catch((e) => setError(describe(e)))
                  .finally(() => setRevoking(null));
              }}
            >
              Revoke
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function CreateKey({ onClose, onCreated }: { onClose: () => void; onCreated: (k: ApiKey) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read', 'search', 'chat']);
  const [kbs, setKbs] = useState<KnowledgeBase[]>([]);
  const [kbIds, setKbIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setKbs(p.items))
      .catch(() => setKbs([]));
  }, []);
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  return (
    <Dialog title="Create API key" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post<ApiKey>('/api/v1/api-keys', {
            name: name.trim(),
            scopes,
            knowledgeBaseIds: kbIds.length ? kbIds : undefined,
          })
            .then(onCreated)
            .catch((err) => setError(describe(err)));
        }}
      >
        <label>
          Name
          <input name="keyName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(toggle(scopes, s, e.target.checked))} />
              {s}
            </label>
          ))}
        </fieldset>
        {kbs.length > 0 && (
          <fieldset>
            <legend>Knowledge bases (none checked: all)</legend>
            {kbs.map((k) => (
              <label key={k.id} className="check">
                <input type="checkbox" checked={kbIds.includes(k.id)} onChange={(e) => setKbIds(toggle(kbIds, k.id, e.target.checked))} />
                {k.name}
              </label>
            ))}
          </fieldset>
        )}
        <ErrorNote error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!scopes.length}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function AuditTab() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [error, setError] = useState<string | null>(null);
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
    setError(null);
    query()
      .then((p) => {
        setEvents(p.items);
        setCursor(p.nextCursor);
      })
      .catch((e) => setError(describe(e)));
  }, [query]);
  useEffect(load, [load]);
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
        <button
          type="button"
          onClick={() =>
            query(cursor)
              .then((p) => {
                setEvents((es) => [...es, ...p.items]);
                setCursor(p.nextCursor);
              })
              .catch((e) => setError(describe(e)))
          }
        >
          Load more
        </button>
      )}
    </section>
  );
}
