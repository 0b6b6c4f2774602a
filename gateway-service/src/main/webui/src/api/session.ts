/** The signed-in session: the access token lives in memory only; the refresh cookie (HttpOnly) renews it. */
export interface Claims {
  sub: string;
  tenant_id: string;
  plan?: string;
  groups?: string[];
  exp?: number;
  email?: string;
}

export type Role = 'owner' | 'admin' | 'member' | 'viewer' | 'platform-admin';
// the platform's Role model (dev.quire.platform.auth.Role); RoleModelContractTest fails when they differ
const RANK: Record<string, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

export interface Session {
  token: string;
  claims: Claims;
  expiresAt: number;
}

type Listener = (s: Session | null) => void;

let current: Session | null = null;
const listeners = new Set<Listener>();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

export function decodeClaims(token: string): Claims {
  const part = token.split('.')[1] ?? '';
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

/**
 * Whether a session was started in this browser and not ended since: a non-secret marker in localStorage (never the
 * token). The refresh cookie is HttpOnly, so JavaScript cannot see whether there is one; without the marker a visit
 * does not ask to restore a session it cannot have (a refused refresh is a 401 in the browser's console). Where
 * storage is unavailable, every visit asks, as before.
 */
const STARTED = 'quire.session-started';

export function sessionStarted(): boolean {
  try {
    return localStorage.getItem(STARTED) !== null;
  } catch {
    return true;
  }
}

/** Records that a session was started in this browser (sign-in, a renewal), or that it ended (sign-out, refused). */
export function markSessionStarted(started: boolean): void {
  try {
    if (started) localStorage.setItem(STARTED, '1');
    else localStorage.removeItem(STARTED);
  } catch {
    /* storage unavailable: restoring is always tried */
  }
}

export function getSession(): Session | null {
  return current;
}

export function onSession(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Stores a fresh token and schedules its renewal 30 s before it expires. */
export function setToken(token: string | null, expiresIn = 0, renew?: () => void): void {
  clearTimeout(refreshTimer);
  if (!token) {
    current = null;
  } else {
    const claims = decodeClaims(token);
    const expiresAt = claims.exp ? claims.exp * 1000 : Date.now() + expiresIn * 1000;
    current = { token, claims, expiresAt };
    if (renew) {
      const wait = Math.max(5_000, expiresAt - Date.now() - 30_000);
      refreshTimer = setTimeout(renew, wait);
    }
  }
  listeners.forEach((l) => l(current));
}

let ended = false;

/**
 * Ends a live session the server no longer renews (its password was changed, or it was ended elsewhere): the token
 * goes, so the app shows sign-in at once instead of reconnecting with a dead token, and sign-in says why, once.
 */
export function endSession(): void {
  ended = true;
  markSessionStarted(false);
  setToken(null);
}

/** Whether the last session was ended by the server (see {@link endSession}); asking forgets it. */
export function takeSessionEnded(): boolean {
  const was = ended;
  ended = false;
  return was;
}

export function role(s: Session | null): Role | null {
  const g = s?.claims.groups ?? [];
  if (g.includes('platform-admin')) return 'platform-admin';
  let best: Role | null = null;
  for (const r of g) if (RANK[r] && (!best || RANK[r] > (RANK[best] ?? 0))) best = r as Role;
  return best;
}

/** True when the session's role is at least {@code min} (platform-admin only passes its own checks). */
export function atLeast(s: Session | null, min: 'viewer' | 'member' | 'admin' | 'owner'): boolean {
  const r = role(s);
  return !!r && r !== 'platform-admin' && (RANK[r] ?? 0) >= RANK[min];
}
