import { useEffect, useState } from 'react';
import { refresh, signIn, signOut, signUp } from './api/client';
import { atLeast, getSession, onSession, role, type Session } from './api/session';
import { ErrorNote } from './ui/Dialog';
import { Link, navigate, usePath } from './ui/router';
import { useAction } from './ui/useAction';
import { ChatPage } from './chat/ChatPage';
import { KnowledgePage } from './knowledge/KnowledgePage';
import { AdminPage } from './admin/AdminPage';
import { PlatformPage } from './admin/PlatformPage';
import { InvitePage } from './auth/InvitePage';
import { PASSWORD_MAX, PASSWORD_MIN } from './auth/password';

/** The app shell: sign-in until there is a session, then role-aware navigation over the pages. */
export function App() {
  const [session, setSession] = useState<Session | null>(getSession());
  const [restoring, setRestoring] = useState(true);
  const path = usePath();
  useEffect(() => onSession(setSession), []);
  useEffect(() => {
    refresh().finally(() => setRestoring(false));
  }, []);
  if (restoring) return <p className="loading">Loading Quire…</p>;
  // an invitation link works signed out (the usual case) and signed in (it switches accounts)
  const invite = /^\/invite\/([^/]+)\/?$/.exec(path);
  if (invite) return <InvitePage code={decodeURIComponent(invite[1])} />;
  if (!session) return <SignIn />;
  const r = role(session);
  const links: [string, string, boolean][] = [
    ['/chat', 'Chat', r !== 'platform-admin'],
    ['/knowledge', 'Knowledge', r !== 'platform-admin'],
    ['/admin', 'Admin', r !== 'platform-admin'],
    ['/platform', 'Tenants', r === 'platform-admin'],
  ];
  let page;
  if (path.startsWith('/knowledge')) page = <KnowledgePage path={path} session={session} />;
  else if (path.startsWith('/admin')) page = <AdminPage path={path} session={session} />;
  else if (path.startsWith('/platform') || r === 'platform-admin') page = <PlatformPage />;
  else page = <ChatPage path={path} session={session} />;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Quire</span>
        <nav aria-label="Main">
          <ul>
            {links
              .filter(([, , show]) => show)
              .map(([to, label]) => (
                <li key={to}>
                  <Link to={to} aria-current={path.startsWith(to) ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span className="who" title={session.claims.sub}>
          {r}
          {atLeast(session, 'viewer') && session.claims.plan ? ` · ${session.claims.plan}` : ''}
        </span>
        <button
          type="button"
          onClick={() => {
            void signOut().then(() => navigate('/'));
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

function SignIn() {
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenantName, setTenantName] = useState('');
  const { error, busy, run, clear } = useAction();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    clear();
    void run(async () => {
      if (mode === 'in') await signIn(email, password);
      else await signUp(tenantName, email, password);
      if (window.location.pathname === '/') navigate('/chat');
    });
  };
  return (
    <main className="auth" id="main">
      <h1>Quire</h1>
      <form onSubmit={submit} aria-labelledby="auth-title">
        <h2 id="auth-title">{mode === 'in' ? 'Sign in' : 'Create your workspace'}</h2>
        {mode === 'up' && (
          <label>
            Workspace name
            <input
              name="tenantName"
              required
              value={tenantName}
              onChange={(e) => setTenantName(e.target.value)}
              autoComplete="organization"
            />
          </label>
        )}
        <label>
          Email
          <input
            type="email"
            name="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            required
            minLength={mode === 'up' ? PASSWORD_MIN : undefined}
            maxLength={mode === 'up' ? PASSWORD_MAX : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'in' ? 'current-password' : 'new-password'}
          />
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'in' ? 'Sign in' : 'Sign up'}
        </button>
      </form>
      <p>
        {mode === 'in' ? 'New to Quire? ' : 'Already have an account? '}
        <button type="button" className="link" onClick={() => setMode(mode === 'in' ? 'up' : 'in')}>
          {mode === 'in' ? 'Sign up' : 'Sign in'}
        </button>
      </p>
    </main>
  );
}
