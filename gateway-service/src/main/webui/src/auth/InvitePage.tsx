import { useState } from 'react';
import { acceptInvitation, ApiError } from '../api/client';
import { getSession } from '../api/session';
import { ErrorNote } from '../ui/Dialog';
import { Link } from '../ui/router';
import { useAction } from '../ui/useAction';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password';

/** The link an admin sends (`/invite/<code>`): the invited user sets a password and lands signed in, in the chat. */
export function invitationLink(code: string): string {
  return `${window.location.origin}/invite/${encodeURIComponent(code)}`;
}

/** Accepts an invitation: a new password (twice, sign-up's rules), then POST /api/v1/auth/accept-invitation. */
export function InvitePage({ code }: { code: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState<string | null>(null);
  const { error, busy, run, clear } = useAction();
  const signedIn = getSession();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    clear();
    const problem = passwordProblem(password) ?? (password !== repeat ? 'The two passwords differ.' : null);
    setMismatch(problem);
    if (problem) return;
    void run(async () => {
      try {
        await acceptInvitation(code, password);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401)
          throw new Error('This invitation link is not valid: it was already used, has expired or was mistyped. Ask your admin for a new one.');
        throw err;
      }
      // replace, not push: Back should not return to a spent invitation
      window.history.replaceState(null, '', '/chat');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
  };
  return (
    <main className="auth" id="main">
      <h1>Quire</h1>
      <form onSubmit={submit} aria-labelledby="invite-title" noValidate>
        <h2 id="invite-title">Accept your invitation</h2>
        <p className="muted">Choose a password for your new account; you are signed in right after.</p>
        {signedIn && (
          <p className="muted">
            This browser is signed in to another account{signedIn.claims.email ? ` (${signedIn.claims.email})` : ''}; accepting
            switches to the invited one.
          </p>
        )}
        <label>
          New password
          <input
            type="password"
            name="password"
            required
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            aria-describedby="invite-rules"
          />
        </label>
        <label>
          Repeat the password
          <input
            type="password"
            name="repeat"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            autoComplete="new-password"
          />
        </label>
        <p id="invite-rules" className="muted hint">
          At least {PASSWORD_MIN} characters.
        </p>
        <ErrorNote error={mismatch ?? error} />
        <button type="submit" className="primary" disabled={busy}>
          Set password and sign in
        </button>
      </form>
      <p>
        Already have a password? <Link to="/">Sign in</Link>
      </p>
    </main>
  );
}
