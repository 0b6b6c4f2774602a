import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { endSession, getSession, setToken } from '../api/session';
import { sentJson, stubFetch } from '../test/fixtures';
import { SESSION_ENDED, SignInPage } from './SignInPage';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

const PLANS = {
  items: [
    { id: 'free', name: 'Free', selfServe: true, limits: { tokensPerDay: 50000, maxDocuments: 100, maxStorageMb: 200 } },
    { id: 'pro', name: 'Pro', selfServe: true, limits: { tokensPerDay: 1000000, maxDocuments: 5000, maxStorageMb: 10000, maxUploadMb: 50 } },
    { id: 'enterprise', name: 'Enterprise', selfServe: false, limits: {} },
  ],
  nextCursor: null,
};

describe('sign-up', () => {
  it('offers the self-serve plans, free first chosen, and sends the chosen one', async () => {
    const fetch = stubFetch({
      '/api/v1/plans': PLANS,
      '/api/v1/auth/signup': { tenantId: 't', userId: 'u', accessToken: 'x.eyJzdWIiOiJ1In0.y', expiresIn: 900 },
    });
    await act(async () => {
      render(<SignInPage />);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    const free = screen.getByRole('radio', { name: /Free/ }) as HTMLInputElement;
    expect(free.checked).toBe(true);
    expect(screen.getByRole('radio', { name: /Pro/ }).closest('label')!.textContent).toContain(
      '1,000,000 tokens a day · 5,000 documents · 10,000 MB storage · files up to 50 MB',
    );
    expect(screen.queryByRole('radio', { name: /Enterprise/ })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: /Pro/ }));
    fireEvent.change(screen.getByLabelText('Workspace name'), { target: { value: 'Acme' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ann@acme.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign up' }).closest('form')!));
    expect(sentJson(fetch, '/api/v1/auth/signup')).toEqual({
      tenantName: 'Acme',
      email: 'ann@acme.test',
      password: 'correct horse',
      plan: 'pro',
    });
  });

  it('is a page of its own at /signup, which a refresh or a link opens, and back to sign-in from it', async () => {
    stubFetch({ '/api/v1/plans': PLANS });
    window.history.pushState(null, '', '/signup');
    await act(async () => {
      render(<SignInPage />);
    });
    expect(screen.getByRole('heading', { name: 'Create your workspace' })).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toBe('signup-rules');
    expect(document.getElementById('signup-rules')!.textContent).toBe('At least 8 characters, not a common password or your email address.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    expect(window.location.pathname).toBe('/');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign up' })));
    expect(window.location.pathname).toBe('/signup');
  });

  it('signs up without a plan choice when the plans cannot be read', async () => {
    stubFetch({});
    await act(async () => {
      render(<SignInPage />);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(screen.queryByRole('group', { name: 'Plan' })).toBeNull();
    expect(screen.getByLabelText('Workspace name')).toBeTruthy();
  });
});

describe('sign-in', () => {
  /** A wrong password sent, its answer held back: returns the function that lets the 401 come. */
  async function pendingWrongPassword() {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        url === '/api/v1/plans'
          ? Promise.resolve(new Response('{"items":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } }))
          : new Promise<Response>((resolve) => (answer = resolve)),
      ),
    );
    await act(async () => {
      render(<SignInPage />);
    });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ann@acme.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'not the password' } });
    act(() => {
      fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!);
    });
    return () =>
      act(async () =>
        answer(
          new Response(JSON.stringify({ status: 401, code: 'invalid_credentials', detail: 'wrong email or password' }), {
            status: 401,
            headers: { 'Content-Type': 'application/problem+json' },
          }),
        ),
      );
  }

  it('says it is signing in while the password is checked, then shows the refusal', async () => {
    const refuse = await pendingWrongPassword();
    expect((screen.getByRole('button', { name: 'Signing in…' }) as HTMLButtonElement).disabled).toBe(true);
    await refuse();
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('wrong email or password');
  });

  it('keeps a sign-in still running out of the sign-up form the visitor turned to, and keeps the email', async () => {
    const refuse = await pendingWrongPassword();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign up' })));
    expect((screen.getByRole('button', { name: 'Sign up' }) as HTMLButtonElement).disabled).toBe(false);
    await refuse();
    expect(screen.getByRole('heading', { name: 'Create your workspace' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ann@acme.test');
  });

  it('says why after the server ended the session, once', async () => {
    stubFetch({ '/api/v1/plans': { items: [] } });
    endSession();
    await act(async () => {
      render(<SignInPage />);
    });
    expect(screen.getByRole('status').textContent).toBe(SESSION_ENDED);
    cleanup();
    await act(async () => {
      render(<SignInPage />); // a later visit of sign-in (an ordinary sign-out) says nothing
    });
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('an address in several workspaces', () => {
  const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const jwt = (tenant: string) =>
    `${b64url({ alg: 'none' })}.${b64url({ sub: 'u', tenant_id: tenant, groups: ['owner'], exp: Math.floor(Date.now() / 1000) + 900 })}.sig`;
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  const WORKSPACES = [
    { tenantId: 't-1', name: 'Acme Review', role: 'owner' },
    { tenantId: 't-2', name: 'Acme Labs', role: 'admin' },
  ];

  afterEach(() => {
    cleanup();
    setToken(null);
  });

  /** A server whose sign-in opens both workspaces (the first's token) unless one is named; then signs in there. */
  async function signInToBoth() {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url !== '/api/v1/auth/token') return new Response('{}', { status: 404 });
      const body = JSON.parse(String(init?.body));
      if (body.tenantId) return json({ accessToken: jwt(body.tenantId), tokenType: 'Bearer', expiresIn: 900 });
      return json({ accessToken: jwt('t-1'), tokenType: 'Bearer', expiresIn: 900, workspaces: WORKSPACES });
    });
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<SignInPage />);
    });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ann@acme.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!));
    return fetch;
  }

  it('lets the visitor choose the workspace, and signs in to the one chosen', async () => {
    const fetch = await signInToBoth();
    expect(screen.getByRole('heading', { name: 'Choose a workspace' })).toBeTruthy();
    expect(getSession()).toBeNull(); // nothing kept before the choice
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /Acme Labs/ })));
    const tokens = fetch.mock.calls.filter((c) => c[0] === '/api/v1/auth/token') as unknown as [string, RequestInit][];
    expect(JSON.parse(String(tokens[1][1].body))).toEqual({ email: 'ann@acme.test', password: 'correct horse', tenantId: 't-2' });
    expect(getSession()?.claims.tenant_id).toBe('t-2');
  });

  it('goes on in the first workspace without asking the server again', async () => {
    const fetch = await signInToBoth();
    const calls = fetch.mock.calls.length;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /Acme Review/ })));
    expect(fetch.mock.calls.length).toBe(calls);
    expect(getSession()?.claims.tenant_id).toBe('t-1');
  });
});
