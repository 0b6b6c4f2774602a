import { useEffect, useState } from 'react';
import { restoreSession } from './api/client';
import { getSession, onSession, role, sessionStarted, type Session } from './api/session';
import { navigate, usePath } from './ui/router';
import { TopBar } from './ui/TopBar';
import { ChatPage } from './chat/ChatPage';
import { KnowledgePage } from './knowledge/KnowledgePage';
import { AdminPage } from './admin/AdminPage';
import { AccountPage } from './account/AccountPage';
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
  let page;
  if (path.startsWith('/knowledge')) page = <KnowledgePage path={path} session={session} />;
  else if (path.startsWith('/connectors')) page = <ConnectorsPage session={session} />;
  else if (path.startsWith('/admin')) page = <AdminPage path={path} session={session} />;
  else if (path.startsWith('/account')) page = <AccountPage session={session} />;
  else if (path.startsWith('/platform') || r === 'platform-admin') page = <PlatformPage />;
  else page = <ChatPage path={path} session={session} />;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <TopBar session={session} path={path} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
