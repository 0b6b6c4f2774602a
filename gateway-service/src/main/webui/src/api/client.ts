import { endSession, getSession, markSessionStarted, sessionStarted, setToken } from './session';
import type { Invitation } from './model';

/** A problem+json answer (RFC 9457) turned into an exception with its stable code and Retry-After. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function problem(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status;
  // a body that is not a problem (a proxy's page) says nothing the user can use: the status does
  let message =
    res.status >= 500
      ? `The server could not answer (HTTP ${res.status}). Try again in a moment.`
      : res.statusText || 'Request failed';
  try {
    const body = await res.json();
    code = body.code ?? body.error?.code ?? code;
    message = body.detail ?? body.title ?? body.error?.message ?? message;
  } catch {
    /* not JSON */
  }
  const ra = res.headers.get('Retry-After');
  return new ApiError(
    res.status,
    code,
    message,
    ra ? Number(ra) : undefined,
    res.headers.get('X-Request-Id') ?? undefined,
  );
}

let refreshing: Promise<boolean> | null = null;

/** Keeps a sign-in's or renewal's token, renewed before it expires, and marks the browser as having a session. */
function keep(answer: { accessToken: string; expiresIn: number }): void {
  setToken(answer.accessToken, answer.expiresIn, () => void refresh());
  markSessionStarted(true);
}

/**
 * Renews the access token with the refresh cookie; false when there is no session to renew. A 401 means the server
 * refused (and cleared) the cookie, so the browser no longer counts as having a session.
 */
export function refresh(): Promise<boolean> {
  if (!refreshing) {
    refreshing = fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' })
      .then(async (res) => {
        if (res.status === 401) {
          // refused: a live session (a scheduled renewal, the chat socket's) ends here, with a word on sign-in
          if (getSession()) endSession();
          else markSessionStarted(false);
        }
        if (!res.ok) return false;
        keep(await res.json());
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/**
 * Restores the session at start (a reload, a new tab) with the refresh cookie, but only where one was started in this
 * browser: a first-time or signed-out visitor sends no refresh that can only fail.
 */
export function restoreSession(): Promise<boolean> {
  return sessionStarted() ? refresh() : Promise.resolve(false);
}

export function authHeaders(): Record<string, string> {
  const s = getSession();
  return s ? { Authorization: 'Bearer ' + s.token } : {};
}

/** How often a read refused with 429 is sent again, and the longest Retry-After it waits for. */
export const READ_RETRIES = 2;
export const MAX_READ_WAIT_SECONDS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls the API with the in-memory token; one retry after a refresh when the token has expired. A read (GET, HEAD)
 * refused by the plan's request rate (429) is sent again after its short Retry-After, so opening a page in a burst of
 * requests does not show an error the next second would not have; writes are never repeated behind the user's back.
 */
export async function raw(path: string, init: RequestInit = {}, retried = false, rateRetries = 0): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
  if (init.body && typeof init.body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (res.status === 401 && !retried && getSession() && !path.startsWith('/api/v1/auth/')) {
    if (await refresh()) return raw(path, init, true, rateRetries);
    setToken(null);
  }
  const method = (init.method ?? 'GET').toUpperCase();
  const retryAfter = res.headers.get('Retry-After')?.trim();
  const wait = retryAfter ? Number(retryAfter) : NaN; // no header: no wait is known, so no retry
  if (
    res.status === 429 &&
    (method === 'GET' || method === 'HEAD') &&
    rateRetries < READ_RETRIES &&
    Number.isFinite(wait) &&
    wait >= 0 &&
    wait <= MAX_READ_WAIT_SECONDS
  ) {
    await sleep(Math.max(wait, 0.2) * 1000);
    return raw(path, init, retried, rateRetries + 1);
  }
  if (!res.ok) throw await problem(res);
  return res;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await raw(path, init);
  if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => api<T>(path);
export const post = <T>(path: string, body?: unknown) =>
  api<T>(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body: JSON.stringify(body) });
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body: JSON.stringify(body) });
export const del = (path: string) => api<void>(path, { method: 'DELETE' });

/** Posts to a public auth endpoint that answers like sign-in, and keeps its token (the refresh cookie comes along). */
async function authPost(path: string, body: unknown): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await problem(res);
  keep(await res.json());
}

/** A workspace an address and password open (the sign-in answers all of them when there are several). */
export interface WorkspaceChoice {
  tenantId: string;
  name: string;
  role: string;
}

/**
 * What a sign-in that opens several workspaces leaves to choose: the workspaces (oldest first), and how to go on in
 * the first, whose session the answer already holds; another is signed in to by naming it.
 */
export interface SignInChoice {
  workspaces: WorkspaceChoice[];
  keepFirst: () => void;
}

/**
 * Password sign-in; the session is kept at once, unless the address and password open several workspaces and none
 * was named: then the choice is returned and nothing is kept until it is made.
 */
export async function signIn(email: string, password: string, tenantId?: string): Promise<SignInChoice | null> {
  const res = await fetch('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ email, password, tenantId }),
  });
  if (!res.ok) throw await problem(res);
  const answer = (await res.json()) as { accessToken: string; expiresIn: number; workspaces?: WorkspaceChoice[] };
  if (!tenantId && answer.workspaces && answer.workspaces.length > 1) {
    return { workspaces: answer.workspaces, keepFirst: () => keep(answer) };
  }
  keep(answer);
  return null;
}

/** Creates a workspace with its owner; {@code plan} among the self-serve plans (the server's default when absent). */
export const signUp = (tenantName: string, email: string, password: string, plan?: string) =>
  authPost('/api/v1/auth/signup', { tenantName, email, password, plan: plan || undefined });

/** Looks an invitation code up (public: the code is the credential); 401 when it is unknown, used or expired. */
export async function lookUpInvitation(token: string): Promise<Invitation> {
  const res = await fetch('/api/v1/auth/invitation', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!res.ok) throw await problem(res);
  return (await res.json()) as Invitation;
}

/** Sets the invited user's password with the invitation code; answers like sign-in (token + refresh cookie). */
export const acceptInvitation = (token: string, password: string) =>
  authPost('/api/v1/auth/accept-invitation', { token, password });

/** Changes the signed-in user's password; the answer's token keeps this session going (every other one ends). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  keep(await post<{ accessToken: string; expiresIn: number }>('/api/v1/auth/password', { currentPassword, newPassword }));
}

export async function signOut(): Promise<void> {
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: authHeaders() });
  } finally {
    markSessionStarted(false);
    setToken(null);
  }
}

/**
 * A human sentence for an error, with the wait when the server gave one; {@code notFound} replaces the server's
 * sentence for a 404 (a feature or file that is not there yet).
 */
export function describe(e: unknown, notFound?: string): string {
  if (notFound !== undefined && e instanceof ApiError && e.status === 404) return notFound;
  if (e instanceof ApiError) {
    // the gateway's rate-limit sentence names its wait already ("…; retry after 3 s"): not twice
    const named = /retry after/i.test(e.message);
    const wait = e.retryAfterSeconds !== undefined && !named ? ` Try again in ${e.retryAfterSeconds} s.` : '';
    return `${e.message}${wait}`;
  }
  // fetch's own failure (no answer at all): "Failed to fetch" (Chromium), "NetworkError …" (Firefox), "Load failed"
  if (e instanceof TypeError && /fetch|network|load failed/i.test(e.message)) return UNREACHABLE;
  return e instanceof Error ? e.message : String(e);
}

/** What a request that got no answer at all says. */
export const UNREACHABLE = 'Quire could not be reached. Check your connection, then try again.';
