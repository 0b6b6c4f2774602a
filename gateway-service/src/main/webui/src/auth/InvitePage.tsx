import { useEffect, useState, type FormEvent } from 'react';
import { acceptInvitation, ApiError, lookUpInvitation } from '../api/client';
import type { Invitation } from '../api/model';
import { getSession } from '../api/session';
import { Link } from '../ui/router';
import { useAction } from '../ui/useAction';
import { AuthLayout } from './AuthLayout';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields';

/** The link an admin sends (`/invite/<code>`): the invited user sets a password and lands signed in, in the chat. */
export function invitationLink(code: string): string {
  return `${window.location.origin}/invite/${encodeURIComponent(code)}`;
}

const INVALID = 'This invitation link is not valid: it was already used, has expired or was mistyped. Ask your admin for a new one.';

/** What the page knows of the invitation: still asking, where it leads, refused, or unknown (the lookup failed). */
type Lookup = { state: 'loading' } | { state: 'found'; invitation: Invitation } | { state: 'invalid' } | { state: 'unknown' };

/** Asks once where the code leads; a failure other than a refused code leaves the form as it is. */
function useInvitation(code: string): Lookup {
  const [lookup, setLookup] = useState<Lookup>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    lookUpInvitation(code).then(
      (invitation) => live && setLookup({ state: 'found', invitation }),
      (err) => live && setLookup({ state: err instanceof ApiError && err.status === 401 ? 'invalid' : 'unknown' }),
    );
    return () => {
      live = false;
    };
  }, [code]);
  return lookup;
}

/** "Join Acme as a member": who is invited where, and until when. */
function InvitationSummary({ invitation }: { invitation: Invitation }) {
  const article = /^[aeiou]/i.test(invitation.role) ? 'an' : 'a';
  const until = new Date(invitation.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' });
  return (
    <p>
      You are invited to join <strong>{invitation.workspace}</strong> as {article} {invitation.role}, with the address{' '}
      <strong>{invitation.email}</strong>. Choose a password for your new account; you are signed in right after. The
      invitation is valid until {until}.
    </p>
  );
}

/** Accepts an invitation: a new password (twice, sign-up's rules), then POST /api/v1/auth/accept-invitation. */
export function InvitePage({ code }: { code: string }) {
  const lookup = useInvitation(code);
  const password = useNewPassword();
  const [mismatch, setMismatch] = useState<string | null>(null);
  const { error, busy, run, clear } = useAction();
  const signedIn = getSession();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const problem = password.problem();
    setMismatch(problem);
    if (problem) return;
    void run(async () => {
      try {
        await acceptInvitation(code, password.fields.password);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw new Error(INVALID);
        throw err;
      }
      // replace, not push: Back should not return to a spent invitation
      window.history.replaceState(null, '', '/chat');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
  };
  return (
    <AuthLayout
      title="Accept your invitation"
      titleId="invite-title"
      onSubmit={submit}
      noValidate
      error={mismatch ?? error}
      busy={busy}
      disabled={lookup.state === 'invalid'}
      submitLabel="Set password and sign in"
      footer={
        <>
          Already have a password? <Link to="/">Sign in</Link>
        </>
      }
    >
      {lookup.state === 'found' ? (
        <InvitationSummary invitation={lookup.invitation} />
      ) : lookup.state === 'invalid' ? (
        <p role="alert" className="error">
          {INVALID}
        </p>
      ) : (
        <p className="muted">Choose a password for your new account; you are signed in right after.</p>
      )}
      {signedIn && (
        <p className="muted">
          This browser is signed in to another account{signedIn.claims.email ? ` (${signedIn.claims.email})` : ''}; accepting
          switches to the invited one.
        </p>
      )}
      {/* a link that leads nowhere asks for no password */}
      {lookup.state !== 'invalid' && <NewPasswordFields label="New password" {...password.fields} rulesId="invite-rules" />}
    </AuthLayout>
  );
}
