import { ApiError, describe as sentence, get, post, READ_RETRIES, refresh, restoreSession, signIn, signOut } from './client';
import { getSession, setToken, takeSessionEnded } from './session';

/** A fetch stand-in answering with the given responses in turn, recording each call's method. */
function answers(...responses: Response[]) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (_path: string, init?: RequestInit) => {
    calls.push((init?.method ?? 'GET').toUpperCase());
    const next = responses.shift();
    if (!next) throw new Error('no more answers');
    return next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

const limited = (retryAfter: string) =>
  new Response(JSON.stringify({ code: 'rate_limited', detail: 'rate limit reached' }), {
    status: 429,
    headers: { 'Retry-After': retryAfter, 'Content-Type': 'application/problem+json' },
  });
const ok = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('api client and the request rate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reads again after a short Retry-After instead of showing the 429', async () => {
    const calls = answers(limited('1'), ok({ plan: 'free' }));
    const result = get<{ plan: string }>('/api/v1/tenant');
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toEqual({ plan: 'free' });
    expect(calls).toEqual(['GET', 'GET']);
  });

  it('gives up after its retries and reports the limit with its wait', async () => {
    const calls = answers(...Array.from({ length: READ_RETRIES + 1 }, () => limited('1')));
    const result = get('/api/v1/tenant').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000 * (READ_RETRIES + 1));
    const error = (await result) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    expect(calls).toHaveLength(READ_RETRIES + 1);
  });

  it('does not wait out a long Retry-After', async () => {
    const calls = answers(limited('30'));
    await expect(get('/api/v1/tenant')).rejects.toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(calls).toEqual(['GET']);
  });

  it('does not retry a 429 that names no wait', async () => {
    const calls = answers(new Response('{}', { status: 429 }));
    await expect(get('/api/v1/tenant')).rejects.toMatchObject({ status: 429 });
    expect(calls).toEqual(['GET']);
  });

  it('never repeats a write', async () => {
    const calls = answers(limited('1'));
    await expect(post('/api/v1/api-keys', { name: 'k' })).rejects.toMatchObject({ status: 429 });
    expect(calls).toEqual(['POST']);
  });
});

describe('error sentences', () => {
  it('names the wait once', () => {
    expect(sentence(new ApiError(429, 'rate_limited', 'rate limit reached; retry after 1 s', 1))).toBe(
      'rate limit reached; retry after 1 s',
    );
    expect(sentence(new ApiError(429, 'quota_exceeded', 'Slow down', 7))).toBe('Slow down Try again in 7 s.');
  });
});


describe('restoring a session', () => {
  const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const claims = { sub: 'u-1', tenant_id: 't-1', exp: Math.floor(Date.now() / 1000) + 900 };
  const jwt = `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;
  const token = () => ok({ accessToken: jwt, tokenType: 'Bearer', expiresIn: 900 });
  const refused = () => new Response(JSON.stringify({ code: 'invalid_token' }), { status: 401 });
  /** The paths fetch was asked for, answering with the given responses in turn. */
  function paths(...responses: Response[]) {
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) => {
        asked.push(path);
        return responses.shift() ?? new Response(null, { status: 204 });
      }),
    );
    return asked;
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    setToken(null);
    vi.unstubAllGlobals();
  });

  it('sends no refresh that can only fail in a browser where no session was started', async () => {
    const asked = paths();
    await expect(restoreSession()).resolves.toBe(false);
    expect(asked).toEqual([]);
  });

  it('restores a session started in this browser, until sign-out', async () => {
    const asked = paths(token(), token(), new Response(null, { status: 204 }));
    await signIn('ann@acme.test', 'correct horse');
    await expect(restoreSession()).resolves.toBe(true); // a reload
    expect(asked).toEqual(['/api/v1/auth/token', '/api/v1/auth/refresh']);
    await signOut();
    await expect(restoreSession()).resolves.toBe(false);
    expect(asked).toEqual(['/api/v1/auth/token', '/api/v1/auth/refresh', '/api/v1/auth/logout']);
    expect(localStorage.length).toBe(0);
  });

  it('ends a live session whose renewal the server refuses, and says so once', async () => {
    paths(token(), refused());
    await signIn('ann@acme.test', 'correct horse');
    expect(getSession()).not.toBeNull();
    await expect(refresh()).resolves.toBe(false); // a scheduled renewal after a password change elsewhere
    expect(getSession()).toBeNull(); // the app falls back to sign-in instead of reconnecting with a dead token
    expect(takeSessionEnded()).toBe(true);
    expect(takeSessionEnded()).toBe(false);
  });

  it('stops asking once the server refused the refresh cookie, but not when it could not answer', async () => {
    const asked = paths(token(), new Response('{}', { status: 503 }), refused());
    await signIn('ann@acme.test', 'correct horse');
    await expect(restoreSession()).resolves.toBe(false); // the server is down: the session may still be there
    await expect(restoreSession()).resolves.toBe(false); // refused: it is not
    await expect(restoreSession()).resolves.toBe(false);
    expect(asked).toEqual(['/api/v1/auth/token', '/api/v1/auth/refresh', '/api/v1/auth/refresh']);
  });
});
