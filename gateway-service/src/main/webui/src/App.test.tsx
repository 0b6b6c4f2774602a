import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { markSessionStarted, setToken } from './api/session';
import { App } from './App';

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const CLAIMS = { sub: 'u-1', tenant_id: 't-1', groups: ['member'], exp: Math.floor(Date.now() / 1000) + 900 };
const JWT = `${b64url({ alg: 'none' })}.${b64url(CLAIMS)}.sig`;

/** A chat socket that never connects (the signed-in app opens one). */
class IdleSocket {
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  readyState = 0;
  send() {}
  close() {}
}

/** A fetch stand-in: a new token for a refresh, an empty page for anything else; records the paths. */
function server() {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      asked.push(path);
      const refreshed = path === '/api/v1/auth/refresh';
      const body = refreshed ? { accessToken: JWT, expiresIn: 900 } : { items: [], nextCursor: null };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  vi.stubGlobal('WebSocket', IdleSocket);
  return asked;
}

async function visit() {
  await act(async () => {
    render(<App />);
  });
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup(); // unmount before the session is dropped below
  setToken(null);
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

describe('the app at start', () => {
  it('shows a first-time or signed-out visitor the sign-in page without a refresh that can only fail', async () => {
    const asked = server();
    await visit();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(asked).not.toContain('/api/v1/auth/refresh');
  });

  it('restores the session of a visitor who signed in in this browser (a reload)', async () => {
    markSessionStarted(true);
    const asked = server();
    window.history.pushState(null, '', '/chat');
    await visit();
    expect(asked[0]).toBe('/api/v1/auth/refresh');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });
});

describe('the browser tab', () => {
  it('names the page it shows, signed out and signed in', async () => {
    server();
    await visit();
    expect(document.title).toBe('Sign in · Quire');
    cleanup();

    markSessionStarted(true);
    window.history.pushState(null, '', '/chat');
    await visit();
    expect(document.title).toBe('Chat · Quire');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const [link, title] of [
      ['Knowledge', 'Knowledge · Quire'],
      ['Connectors', 'Connectors · Quire'],
    ]) {
      await act(async () => fireEvent.click(within(nav).getByRole('link', { name: link })));
      expect(document.title).toBe(title);
    }
    // the admin tab (Usage, the default, charts what this stand-in server cannot answer)
    await act(async () => window.history.pushState(null, '', '/admin/plan'));
    await act(async () => window.dispatchEvent(new PopStateEvent('popstate')));
    expect(document.title).toBe('Plan & limits · Admin · Quire');
  });
});
