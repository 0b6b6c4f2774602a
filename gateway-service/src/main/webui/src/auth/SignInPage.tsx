import { useState, type FormEvent } from 'react';
import { signIn, signUp, type SignInChoice } from '../api/client';
import { takeSessionEnded } from '../api/session';
import type { Plan } from '../admin/types';
import { ErrorNote } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { navigate, usePath } from '../ui/router';
import { useAction } from '../ui/useAction';
import { usePlans } from '../ui/useList';
import { AuthLayout } from './AuthLayout';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';

/** One line about a plan's main limits, for the sign-up choice. */
export function planSummary(p: Plan): string {
  const l = p.limits ?? {};
  const parts = [
    l.tokensPerDay !== undefined && `${l.tokensPerDay.toLocaleString('en')} tokens a day`,
    l.maxDocuments !== undefined && `${l.maxDocuments.toLocaleString('en')} documents`,
    l.maxStorageMb !== undefined && `${l.maxStorageMb.toLocaleString('en')} MB storage`,
    l.maxUploadMb !== undefined && `files up to ${l.maxUploadMb.toLocaleString('en')} MB`,
  ].filter(Boolean);
  return parts.join(' · ');
}

export const SESSION_ENDED =
  'Your session has ended: your password was changed, or you were signed out elsewhere. Please sign in again.';

/** Where sign-up lives: a page of its own, so a link, a refresh and Back keep it. */
export const SIGN_UP_PATH = '/signup';

/**
 * Sign-in, or sign-up of a new workspace ({@link SIGN_UP_PATH}) with the choice among the self-serve plans
 * (`GET /api/v1/plans`, public).
 */
export function SignInPage() {
  const up = usePath() === SIGN_UP_PATH;
  const [email, setEmail] = useState('');
  const plans = usePlans<Plan>().filter((p) => p.selfServe !== false);
  // a form of its own for each (key): a sign-in still running when the visitor turns to sign-up must not show its
  // "Signing in…" or its refusal there; the email typed is kept
  return <AuthForm key={up ? 'up' : 'in'} up={up} email={email} setEmail={setEmail} plans={plans} />;
}

function AuthForm(props: { up: boolean; email: string; setEmail: (v: string) => void; plans: Plan[] }) {
  const { up, email, setEmail, plans } = props;
  const [password, setPassword] = useState('');
  const [tenantName, setTenantName] = useState('');
  const [plan, setPlan] = useState('');
  // the free plan unless the visitor picked another (the server's default too)
  const chosen = plan || (plans.find((p) => p.id === 'free') ?? plans[0])?.id || '';
  const { error, busy, run, clear } = useAction();
  // said once, on the sign-in this app fell back to when the server ended the session
  const [ended] = useState(takeSessionEnded);
  const [choice, setChoice] = useState<SignInChoice | null>(null);
  const enter = () => {
    if (window.location.pathname === '/' || window.location.pathname === SIGN_UP_PATH) navigate('/chat');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    void run(async () => {
      if (up) await signUp(tenantName, email, password, chosen);
      else {
        const several = await signIn(email, password);
        if (several) {
          setChoice(several);
          return;
        }
      }
      enter();
    });
  };
  if (choice) {
    return (
      <WorkspacePicker
        choice={choice}
        busy={busy}
        error={error}
        onPick={(tenantId, first) =>
          void run(async () => {
            if (first) choice.keepFirst();
            else await signIn(email, password, tenantId);
            enter();
          })
        }
      />
    );
  }
  return (
    <AuthLayout
      title={up ? 'Create your workspace' : 'Sign in'}
      titleId="auth-title"
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={up ? 'Sign up' : 'Sign in'}
      busyLabel={up ? 'Creating your workspace…' : 'Signing in…'}
      footer={
        <>
          {up ? 'Already have an account? ' : 'New to Quire? '}
          <button
            type="button"
            className="link"
            onClick={() => {
              clear();
              navigate(up ? '/' : SIGN_UP_PATH);
            }}
          >
            {up ? 'Sign in' : 'Sign up'}
          </button>
        </>
      }
    >
      {!up && ended && (
        <p className="notice" role="status">
          {SESSION_ENDED}
        </p>
      )}
      {up && <Field label="Workspace name" name="tenantName" required value={tenantName} onValue={setTenantName} autoComplete="organization" />}
      <Field label="Email" type="email" name="email" required value={email} onValue={setEmail} autoComplete="email" />
      <Field
        label="Password"
        type="password"
        name="password"
        required
        minLength={up ? PASSWORD_MIN : undefined}
        maxLength={up ? PASSWORD_MAX : undefined}
        value={password}
        onValue={setPassword}
        autoComplete={up ? 'new-password' : 'current-password'}
        aria-describedby={up ? 'signup-rules' : undefined}
      />
      {up && (
        <p id="signup-rules" className="muted hint">
          At least {PASSWORD_MIN} characters, not a common password or your email address.
        </p>
      )}
      {up && plans.length > 0 && (
        <fieldset className="plans">
          <legend>Plan</legend>
          {plans.map((p) => (
            <label key={p.id} className="check">
              <input type="radio" name="plan" value={p.id} checked={chosen === p.id} onChange={() => setPlan(p.id)} />
              <span>
                <strong>{p.name}</strong> <span className="muted">{planSummary(p)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </AuthLayout>
  );
}

/** The workspaces one address and password open, to pick the one to sign in to. */
function WorkspacePicker(props: {
  choice: SignInChoice;
  busy: boolean;
  error: string | null;
  onPick: (tenantId: string, first: boolean) => void;
}) {
  const { choice, busy, error, onPick } = props;
  return (
    <main className="auth" id="main">
      <h1>Quire</h1>
      <section className="workspaces" aria-labelledby="workspaces-title">
        <h2 id="workspaces-title">Choose a workspace</h2>
        <p className="muted">This address and password open {choice.workspaces.length} workspaces.</p>
        <ul>
          {choice.workspaces.map((w, i) => (
            <li key={w.tenantId}>
              <button type="button" className="workspace" disabled={busy} onClick={() => onPick(w.tenantId, i === 0)}>
                <strong>{w.name}</strong> <span className="muted">{w.role}</span>
              </button>
            </li>
          ))}
        </ul>
        <ErrorNote error={error} />
      </section>
    </main>
  );
}
