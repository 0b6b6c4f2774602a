import type { ReactNode } from 'react';
import { Dialog } from '../ui/Dialog';

/** A secret the server shows only once (an API key, an invitation token), with Done and optionally Copy. */
export function SecretDialog(props: {
  title: string;
  secret: string;
  onClose: () => void;
  copyable?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  const { title, secret, onClose, copyable, testId, children } = props;
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <code className="secret" data-testid={testId}>
        {secret}
      </code>
      <div className="actions">
        {copyable && (
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
            Copy
          </button>
        )}
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
