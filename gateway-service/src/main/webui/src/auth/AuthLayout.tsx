import type { FormEvent, ReactNode } from 'react';
import { ErrorNote } from '../ui/Dialog';
import { useDocumentTitle } from '../ui/useDocumentTitle';

/** The signed-out page: the brand, one form with its heading, error and primary button, and a line below it. */
export function AuthLayout(props: {
  title: string;
  titleId: string;
  onSubmit: (e: FormEvent) => void;
  error: string | null;
  busy: boolean;
  submitLabel: string;
  /** What the button says while the form is sent (a wrong password takes a moment: the server hashes it). */
  busyLabel?: string;
  noValidate?: boolean;
  /** The form cannot be sent (an invitation link that leads nowhere). */
  disabled?: boolean;
  children: ReactNode;
  footer: ReactNode;
}) {
  useDocumentTitle(props.title);
  return (
    <main className="auth" id="main">
      <h1>Quire</h1>
      <form onSubmit={props.onSubmit} aria-labelledby={props.titleId} noValidate={props.noValidate}>
        <h2 id={props.titleId}>{props.title}</h2>
        {props.children}
        <ErrorNote error={props.error} />
        <button type="submit" className="primary" disabled={props.busy || props.disabled} aria-busy={props.busy}>
          {props.busy ? (props.busyLabel ?? `${props.submitLabel}…`) : props.submitLabel}
        </button>
      </form>
      <p>{props.footer}</p>
    </main>
  );
}
