import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { getSession, setToken } from '../api/session';
import { App } from '../App';
import { InvitePage, invitationLink } from './InvitePage';

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const JWT = `${b64url({ alg: 'none' })}.${b64url({ sub: 'u-9', tenant_id: 't-1', groups: ['member'], exp: Math.floor(Date.now() / 1000) + 900 })}.sig`;

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  cleanup(); // unmount before the session is dropped below
  vi.unstubAllGlobals();
  setToken(null);
  window.history.pushState(null, '', '/');
});

const INVITATION = { workspace: 'Acme Research', email: 'new.person@example.com', role: 'admin', expiresAt: '2030-01-08T10:00:00Z' };

/** A server that knows the invitation, and answers its acceptance with {@code accepted}. */
function server(accepted: () => Response = () => answer(200, { accessToken: JWT, tokenType: 'Bearer', expiresIn: 900 })) {
  return vi.fn(async (url: string) => (url === '/api/v1/auth/invitation' ? answer(200, INVITATION) : accepted()));
}

const acceptances = (fetch: ReturnType<typeof vi.fn>) =>
  fetch.mock.calls.filter((c) => c[0] === '/api/v1/auth/accept-invitation') as unknown as [string, RequestInit][];

function fill(password: string, repeat = password) {
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: repeat } });
}

describe('the invitation page', () => {
  it('posts the code and the password, stores the session and lands in the chat', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    window.history.pushState(null, '', '/invite/qi_abc-DEF_123');
    render(<InvitePage code="qi_abc-DEF_123" />);
    fill('a long enough password');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(acceptances(fetch)).toHaveLength(1);
    const [url, init] = acceptances(fetch)[0];
    expect(url).toBe('/api/v1/auth/accept-invitation');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ token: 'qi_abc-DEF_123', password: 'a long enough password' });
    expect(getSession()?.token).toBe(JWT);
    expect(getSession()?.claims.sub).toBe('u-9');
    expect(window.location.pathname).toBe('/chat');
  });

  it('names the workspace, the role and the address before asking for a password', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<InvitePage code="qi_abc" />);
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/invitation');
    expect(JSON.parse(String(init.body))).toEqual({ token: 'qi_abc' });
    const text = document.body.textContent ?? '';
    expect(text).toContain('You are invited to join Acme Research as an admin, with the address new.person@example.com.');
    expect(text).toContain('valid until');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says at once that a used or expired code leads nowhere', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { code: 'invalid_token', detail: 'invalid token' })));
    await act(async () => {
      render(<InvitePage code="qi_used" />);
    });
    expect(screen.getByRole('alert').textContent).toContain('Ask your admin for a new one');
    expect(document.body.textContent).not.toContain('You are invited');
    // nothing to fill in or send
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect((screen.getByRole('button', { name: 'Set password and sign in' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('applies the sign-up password rules before asking the server', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    render(<InvitePage code="qi_x" />);
    fill('short');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(screen.getByRole('alert').textContent).toContain('at least 8 characters');
    fill('a long enough password', 'another long password');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(screen.getByRole('alert').textContent).toBe('The two passwords differ.');
    expect(acceptances(fetch)).toHaveLength(0);
    expect(getSession()).toBeNull();
  });

  it('explains an invitation used meanwhile', async () => {
    vi.stubGlobal('fetch', server(() => answer(401, { code: 'invalid_token', detail: 'invalid token' })));
    await act(async () => {
      render(<InvitePage code="qi_used" />);
    });
    fill('a long enough password');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(screen.getByRole('alert').textContent).toContain('Ask your admin for a new one');
    expect(getSession()).toBeNull();
  });

  it('is what the app shows at /invite/<code> when signed out', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { code: 'invalid_token' })));
    window.history.pushState(null, '', '/invite/qi_abc');
    await act(async () => {
      render(<App />);
      await new Promise((r) => setTimeout(r, 0)); // the session restore (a refused refresh) settles
    });
    expect(screen.getByRole('heading', { name: 'Accept your invitation' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign up' })).toBeNull();
  });

  it('builds the link admins copy from the origin and the code', () => {
    expect(invitationLink('qi_abc')).toBe(`${window.location.origin}/invite/qi_abc`);
  });
});
