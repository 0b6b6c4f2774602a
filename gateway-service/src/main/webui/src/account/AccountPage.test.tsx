import { act, fireEvent, render, screen } from '@testing-library/react';
import { getSession, setToken } from '../api/session';
import { sentJson, sessionAs, stubFetch } from '../test/fixtures';
import { AccountPage, PASSWORD_CHANGED, WRONG_CURRENT } from './AccountPage';

/** A token the session module can decode (the signature is never checked in the browser). */
function jwt(claims: object): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;
}

const session = { ...sessionAs('member'), claims: { ...sessionAs('member').claims, email: 'ada@example.com' } };

async function open() {
  await act(async () => {
    render(<AccountPage session={session} />);
  });
}

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Fills the form and sends it. */
async function change(current: string, next: string, repeat = next) {
  fill('Current password', current);
  fill('New password', next);
  fill('Repeat the password', repeat);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Change password' })));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

describe('the account page', () => {
  it('says who is signed in: the email, the role and the workspace', async () => {
    stubFetch({ '/api/v1/tenant': { id: 't-1', name: 'Acme', plan: 'pro' } });
    await open();
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    expect(screen.getByText('member')).toBeTruthy();
    expect(screen.getByText('Acme · pro plan')).toBeTruthy();
  });

  it('changes the password and keeps this session with the token the answer brings', async () => {
    const renewed = jwt({ sub: 'u-1', tenant_id: 't-1', groups: ['member'], email: 'ada@example.com', exp: 4e9 });
    const fetch = stubFetch({
      '/api/v1/tenant': { id: 't-1', name: 'Acme', plan: 'pro' },
      '/api/v1/auth/password': { accessToken: renewed, tokenType: 'Bearer', expiresIn: 3600 },
    });
    await open();
    await change('old secret 1', 'new secret 12');
    expect(sentJson(fetch, '/api/v1/auth/password')).toEqual({
      currentPassword: 'old secret 1',
      newPassword: 'new secret 12',
    });
    expect(screen.getByRole('status').textContent).toBe(PASSWORD_CHANGED);
    expect(getSession()?.token).toBe(renewed);
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('refuses different new passwords and a short one without asking the server', async () => {
    const fetch = stubFetch({ '/api/v1/tenant': { id: 't-1', name: 'Acme', plan: 'pro' } });
    await open();
    await change('old secret 1', 'new secret 12', 'new secret 13');
    expect(screen.getByRole('alert').textContent).toBe('The two passwords differ.');
    await change('old secret 1', 'old secret 1');
    expect(screen.getByRole('alert').textContent).toBe('The new password must differ from the current one.');
    await change('old secret 1', 'short');
    expect(screen.getByRole('alert').textContent).toContain('at least 8 characters');
    expect(fetch.mock.calls.some((c) => String(c[0]) === '/api/v1/auth/password')).toBe(false);
  });

  it("shows the server's reason when the current password is wrong", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) =>
        String(input) === '/api/v1/auth/password'
          ? new Response(JSON.stringify({ status: 400, code: 'validation_failed', detail: 'the current password (currentPassword) is wrong' }), {
              status: 400,
              headers: { 'Content-Type': 'application/problem+json' },
            })
          : new Response('{}', { status: 404 }),
      ),
    );
    await open();
    await change('not it at all', 'new secret 12');
    expect(screen.getByRole('alert').textContent).toBe(WRONG_CURRENT);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("signs out here too (a phone's top bar leaves Sign out to this page)", async () => {
    const fetch = vi.fn(async (_url: string) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<AccountPage session={sessionAs('member')} />);
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(fetch.mock.calls.some((c) => String(c[0]) === '/api/v1/auth/logout')).toBe(true);
    expect(window.location.pathname).toBe('/');
  });
});
