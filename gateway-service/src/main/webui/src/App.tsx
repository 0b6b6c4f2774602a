import { useEffect, useState } from 'react';
import { restoreSession, signOut } from './api/client';
import { atLeast, getSession, onSession, role, sessionStarted, type Session } from './api/session';
import { Link, navigate, usePath } from './ui/router';
import { ChatPage } from './chat/ChatPage';
import { KnowledgePage } from './knowledge/KnowledgePage';
import { AdminPage } from './admin/AdminPage';
import { ConnectorsPage } from './connectors/ConnectorsPage';
import { PlatformPage } from './admin/PlatformPage';
import { InvitePage } from './auth/InvitePage';
import { SIGN_UP_PATH, SignInPage } from './auth/SignInPage';

/** The app shell: sign-in until there is a session, then role-aware navigation over the pages. */
export function App() {
  const [session, setSession] = useState<Session | null>(getSession());
  // only a browser where a session was started waits for its restore; anyone else sees sign-in at once
  const [restoring, setRestoring] = useState(sessionStarted);
  const path = usePath();
  useEffect(() => onSession(setSession), []);
  useEffect(() => {
    void restoreSession().finally(() => setRestoring(false));
  }, []);
  // a signed-in visitor of the sign-up page goes on to the app
  useEffect(() => {
    if (session && path === SIGN_UP_PATH) navigate('/chat');
  }, [session, path]);
  if (restoring) return <p className="loading">Loading Quire…</p>;
  // an invitation link works signed out (the usual case) and signed in (it switches accounts)
  const invite = /^\/invite\/([^/]+)\/?$/.exec(path);
  if (invite) return <InvitePage code={decodeURIComponent(invite[1])} />;
  if (!session) return <SignInPage />;
  const r = role(session);
  const links: [string, string, boolean][] = [
    ['/chat', 'Chat', r !== 'platform-admin'],
    ['/knowledge', 'Knowledge', r !== 'platform-admin'],
    ['/connectors', 'Connectors', r !== 'platform-admin'],
    ['/admin', 'Admin', r !== 'platform-admin'],
    ['/platform', 'Tenants', r === 'platform-admin'],
  ];
  let page;
  if (path.startsWith('/knowledge')) page = <KnowledgePage path={path} session={session} />;
  else if (path.startsWith('/connectors')) page = <ConnectorsPage session={session} />;
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
