import type { Session } from '../api/session';

/** A session with the given role (the token is never sent: fetch is stubbed in these tests). */
export function sessionAs(role: string): Session {
  return { token: 't', claims: { sub: 'u-1', tenant_id: 't-1', groups: [role] }, expiresAt: Date.now() + 60_000 };
}

/** A fetch stub answering JSON by URL prefix (first match wins); anything else is a 404. */
export function stubFetch(routes: Record<string, unknown>) {
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    const hit = Object.keys(routes).find((k) => url.startsWith(k));
    if (hit === undefined) return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
    return new Response(JSON.stringify(routes[hit]), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** The JSON body the stubbed fetch was sent for {@code path} (its first call). */
export function sentJson(fetch: ReturnType<typeof stubFetch>, path: string): unknown {
  const call = fetch.mock.calls.find((c) => String(c[0]) === path) as unknown as [string, RequestInit] | undefined;
  if (!call) throw new Error(`no request to ${path}`);
  return JSON.parse(String(call[1].body));
}
