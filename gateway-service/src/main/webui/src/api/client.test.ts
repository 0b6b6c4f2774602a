import { ApiError, describe as sentence, get, post, READ_RETRIES } from './client';

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

