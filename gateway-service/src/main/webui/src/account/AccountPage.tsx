import { useState, type FormEvent } from 'react';
import { ApiError, changePassword, signOut } from '../api/client';
import { role, type Session } from '../api/session';
import { NewPasswordFields, useNewPassword } from '../auth/NewPasswordFields';
import { ErrorNote } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { navigate } from '../ui/router';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { useWorkspace } from '../ui/useWorkspace';

const OTHERS_SIGNED_OUT = 'Every other device where you are signed in is signed out.';

export const WRONG_CURRENT = 'Your current password is not correct.';

export const PASSWORD_CHANGED = 'Password changed. You stay signed in here; every other device is signed out.';

/**
 * Who is signed in (email, role, workspace), the change of one's own password, and Sign out (on a phone the top bar
 * leaves it here, for its links' room).
 */
export function AccountPage({ session }: { session: Session }) {
  useDocumentTitle('Account');
  const workspace = useWorkspace(session);
  const [current, setCurrent] = useState('');
  const next = useNewPassword();
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { error, busy, run, clear } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setDone(false);
    const why =
      next.problem() ?? (next.fields.password === current ? 'The new password must differ from the current one.' : null);
    setProblem(why);
    if (why) return;
    const changed = await run(
      changePassword(current, next.fields.password).then(
        () => true,
        (e: unknown) => {
          // the server names its field; the page says it in the user's words
          if (e instanceof ApiError && e.status === 400 && e.message.includes('currentPassword')) {
            throw new Error(WRONG_CURRENT);
          }
          throw e;
        },
      ),
    );
    if (changed) {
      setCurrent('');
      next.reset();
      setDone(true);
    }
  };
  return (
    <div className="account">
      <h1>Account</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{session.claims.email ?? '—'}</dd>
        <dt>Role</dt>
        <dd>{role(session)}</dd>
        {workspace && (
          <>
            <dt>Workspace</dt>
            <dd>
              {workspace.name} · {workspace.plan} plan
            </dd>
          </>
        )}
      </dl>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {/* for password managers: whose password this is */}
        <input type="email" name="username" autoComplete="username" value={session.claims.email ?? ''} readOnly hidden />
        <ErrorNote error={problem ?? error} />
        {done && (
          <p className="notice" role="status">
            {PASSWORD_CHANGED}
          </p>
        )}
        <Field
          label="Current password"
          type="password"
          name="current"
          required
          value={current}
          onValue={setCurrent}
          autoComplete="current-password"
        />
        <NewPasswordFields label="New password" {...next.fields} rulesId="password-rules" rules={OTHERS_SIGNED_OUT} />
        <button type="submit" className="primary" disabled={busy || !current || !next.fields.password}>
          Change password
        </button>
      </form>
      <section aria-labelledby="sign-out-title">
        <h2 id="sign-out-title">Sign out</h2>
        <p className="muted">Ends your session in this browser; other devices stay signed in.</p>
        <button type="button" onClick={() => void signOut().then(() => navigate('/'))}>
          Sign out
        </button>
      </section>
    </div>
  );
}
