import { atLeast, type Session } from '../api/session';
import { Link } from '../ui/router';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditPanel } from './AuditPanel';
import { PlanPanel } from './PlanPanel';
import { UsagePanel } from './UsagePanel';
import { UsersPanel } from './UsersPanel';

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
  useDocumentTitle(tabs.find(([id, , show]) => id === tab && show)?.[1], 'Admin');
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
      {tab === 'usage' && <UsagePanel admin={admin} />}
      {tab === 'plan' && <PlanPanel session={session} />}
      {tab === 'users' && admin && <UsersPanel session={session} />}
      {tab === 'keys' && admin && <ApiKeysPanel />}
      {tab === 'audit' && admin && <AuditPanel />}
    </div>
  );
}
