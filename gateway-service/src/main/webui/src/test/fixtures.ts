import type { Session } from '../api/session';

/** A session with the given role (the token is never sent: fetch is stubbed in these tests). */
export function sessionAs(role: string): Session {
  return { token: 't', claims: { sub: 'u-1', tenant_id: 't-1', groups: [role] }, expiresAt: Date.now() + 60_000 };
}

/** A JSON answer as the API sends it. */
export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fetch stub answering JSON by URL prefix (first match wins); anything else is a 404. */
export function stubFetch(routes: Record<string, unknown>) {
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    const hit = Object.keys(routes).find((k) => url.startsWith(k));
    if (hit === undefined) return json({}, 404);
    return json(routes[hit]);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

/**
 * A fetch stub for a server that cannot be reached: while {@code down} is set, the requests {@code failing} picks (all
 * by default) fail as fetch does without a network; the others, and all once {@code down} is cleared, get
 * {@code answer}'s response.
 */
export function stubUnreachable(answer: (url: string) => Response, failing: (url: string) => boolean = () => true) {
  const server = { down: true };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (server.down && failing(url)) throw new TypeError('Failed to fetch');
      return answer(url);
    }),
  );
  return server;
}

/** The JSON body the stubbed fetch was sent for {@code path} (its first call). */
export function sentJson(fetch: ReturnType<typeof stubFetch>, path: string): unknown {
  const call = fetch.mock.calls.find((c) => String(c[0]) === path) as unknown as [string, RequestInit] | undefined;
  if (!call) throw new Error(`no request to ${path}`);
  return JSON.parse(String(call[1].body));
}
