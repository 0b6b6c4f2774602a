import { useEffect, useRef } from 'react';
import { signOut } from '../api/client';
import { atLeast, role, type Session } from '../api/session';
import { AccountIcon, SignOutIcon } from './Icons';
import { Link, navigate } from './router';
import { useWorkspace } from './useWorkspace';

/**
 * The top bar: the brand, the main navigation (by role), the workspace and role signed in, and Sign out. On a phone it stays one row
 * (styles.css): the brand and the role go, Account and Sign out show as icons that keep their names (so five links
 * fit a 360 px screen), and the links scroll sideways if they still do not fit, the current one scrolled into view.
 */
export function TopBar({ session, path }: { session: Session; path: string }) {
  const r = role(session);
  const workspace = useWorkspace(session);
  const links: [string, string, boolean][] = [
    ['/chat', 'Chat', r !== 'platform-admin'],
    ['/knowledge', 'Knowledge', r !== 'platform-admin'],
    ['/connectors', 'Connectors', r !== 'platform-admin'],
    ['/admin', 'Admin', r !== 'platform-admin'],
    ['/platform', 'Tenants', r === 'platform-admin'],
    ['/account', 'Account', true],
  ];
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    nav.current?.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [path]);
  return (
    <header className="top">
      <span className="brand">Quire</span>
      <nav aria-label="Main" ref={nav}>
        <ul>
          {links
            .filter(([, , show]) => show)
            .map(([to, label]) => (
              <li key={to}>
                <Link
                  to={to}
                  aria-current={path.startsWith(to) ? 'page' : undefined}
                  className={to === '/account' ? 'account-link' : undefined}
                >
                  {to === '/account' ? (
                    <>
                      <AccountIcon />
                      <span className="label">{label}</span>
                    </>
                  ) : (
                    label
                  )}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <span className="who" title={session.claims.email ?? session.claims.sub}>
        {workspace && <span className="workspace-name">{workspace.name} · </span>}
        {r}
        {atLeast(session, 'viewer') && session.claims.plan ? ` · ${session.claims.plan}` : ''}
      </span>
      <button
        type="button"
        className="sign-out"
        onClick={() => {
          void signOut().then(() => navigate('/'));
        }}
      >
        <SignOutIcon />
        <span className="label">Sign out</span>
      </button>
    </header>
  );
}
