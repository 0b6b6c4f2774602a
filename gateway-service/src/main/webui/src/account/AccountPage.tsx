import { useEffect, useState, type FormEvent } from 'react';
import { changePassword, get } from '../api/client';
import type { Tenant } from '../api/model';
import { role, type Session } from '../api/session';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../auth/password';
import { ErrorNote } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { useDocumentTitle } from '../ui/useDocumentTitle';

export const PASSWORD_CHANGED = 'Password changed. You stay signed in here; every other device is signed out.';

/** Who is signed in (email, role, workspace) and the change of one's own password. */
export function AccountPage({ session }: { session: Session }) {
  useDocumentTitle('Account');
  const [workspace, setWorkspace] = useState<Tenant | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { error, busy, run, clear } = useAction();
  useEffect(() => {
    // a platform operator has no workspace of their own: then none is shown
    get<Tenant>('/api/v1/tenant')
      .then(setWorkspace)
      .catch(() => setWorkspace(null));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setDone(false);
    const why = passwordProblem(next) ?? (next !== repeat ? 'The new passwords differ.' : null);
    setProblem(why);
    if (why) return;
    const changed = await run(changePassword(current, next).then(() => true));
    if (changed) {
      setCurrent('');
      setNext('');
      setRepeat('');
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
        <Field
          label="New password"
          type="password"
          name="new"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={next}
          onValue={setNext}
          autoComplete="new-password"
          aria-describedby="password-rules"
        />
        <Field
          label="Repeat the new password"
          type="password"
          name="repeat"
          required
          value={repeat}
          onValue={setRepeat}
          autoComplete="new-password"
        />
        <p id="password-rules" className="muted hint">
          At least {PASSWORD_MIN} characters. Every other device where you are signed in is signed out.
        </p>
        <button type="submit" className="primary" disabled={busy || !current || !next}>
          Change password
        </button>
      </form>
    </div>
  );
}
