import type { ReactNode } from 'react';
import { Dialog, ErrorNote } from './Dialog';
import { useAction } from './useAction';

/**
 * A dialog around one form: its fields, the submit's error, Cancel and the primary submit button. {@code onSubmit}
 * sends the form; its failure shows in the dialog, which stays open (the caller closes it on success).
 */
export function FormDialog(props: {
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => Promise<unknown>;
  submitDisabled?: boolean;
  children: ReactNode;
}) {
  const { title, submitLabel, onClose, onSubmit, submitDisabled, children } = props;
  const action = useAction();
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(onSubmit);
        }}
      >
        {children}
        <ErrorNote error={action.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submitDisabled}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
