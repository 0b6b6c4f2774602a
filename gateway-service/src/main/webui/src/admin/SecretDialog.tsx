import { useState, type ReactNode } from 'react';
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
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <code className="secret" data-testid={testId}>
        {secret}
      </code>
      {copied === false && (
        <p className="muted" role="status">
          Copying is not allowed here: select the text and copy it.
        </p>
      )}
      <div className="actions">
        {copyable && (
          <button
            type="button"
            onClick={() =>
              void (navigator.clipboard?.writeText(secret) ?? Promise.reject(new Error('no clipboard'))).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        )}
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
