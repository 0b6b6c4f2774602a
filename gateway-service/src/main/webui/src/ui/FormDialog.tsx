import { useRef, type ReactNode } from 'react';
import { Dialog, ErrorNote } from './Dialog';
import { useAction } from './useAction';

/**
 * A dialog around one form: its fields, the submit's error, Cancel and the primary submit button. {@code onSubmit}
 * sends the form, once at a time (the submit button is disabled while it runs); its failure shows in the dialog, which
 * stays open (the caller closes it on success).
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
  // one submit at a time: a double-click on the submit button must not create two of a thing
  const sending = useRef(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (sending.current) return;
          sending.current = true;
          void action.run(onSubmit).finally(() => {
            sending.current = false;
          });
        }}
      >
        {children}
        <ErrorNote error={action.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submitDisabled || action.busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
