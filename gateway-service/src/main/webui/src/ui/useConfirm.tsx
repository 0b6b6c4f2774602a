import { useCallback, useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

/** What to ask before a destructive action. */
export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  /** The danger button's label, e.g. Delete or Revoke. */
  confirmLabel: string;
  /** The action; the dialog closes when it settles (report its failure where the page shows errors, e.g. Action.run). */
  onConfirm: () => Promise<unknown> | void;
}

/** Asks before a destructive action: Cancel, or the danger button that runs it. */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: () => void }) {
  return (
    <Dialog title={request.title} onClose={onClose}>
      <p>{request.message}</p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            void Promise.resolve()
              .then(request.onConfirm)
              .catch(() => undefined)
              .finally(onClose);
          }}
        >
          {request.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The one confirm pattern: {@code confirm(request)} opens a {@link ConfirmDialog}; render {@code dialog} where the
 * page keeps its dialogs.
 */
export function useConfirm(): { confirm: (r: ConfirmRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const confirm = useCallback((r: ConfirmRequest) => setRequest(r), []);
  const dialog = request ? <ConfirmDialog request={request} onClose={() => setRequest(null)} /> : null;
  return { confirm, dialog };
}
