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

function fill(password: string, repeat = password) {
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: repeat } });
}

describe('the invitation page', () => {
  it('posts the code and the password, stores the session and lands in the chat', async () => {
    const fetch = vi.fn(async () => answer(200, { accessToken: JWT, tokenType: 'Bearer', expiresIn: 900 }));
    vi.stubGlobal('fetch', fetch);
    window.history.pushState(null, '', '/invite/qi_abc-DEF_123');
    render(<InvitePage code="qi_abc-DEF_123" />);
    fill('a long enough password');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/accept-invitation');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ token: 'qi_abc-DEF_123', password: 'a long enough password' });
    expect(getSession()?.token).toBe(JWT);
    expect(getSession()?.claims.sub).toBe('u-9');
    expect(window.location.pathname).toBe('/chat');
  });

  it('applies the sign-up password rules before asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<InvitePage code="qi_x" />);
    fill('short');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(screen.getByRole('alert').textContent).toContain('at least 8 characters');
    fill('a long enough password', 'another long password');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' })));
    expect(screen.getByRole('alert').textContent).toBe('The two passwords differ.');
    expect(fetch).not.toHaveBeenCalled();
    expect(getSession()).toBeNull();
  });

  it('explains a used or expired invitation', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { code: 'invalid_token', detail: 'invalid token' })));
    render(<InvitePage code="qi_used" />);
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
