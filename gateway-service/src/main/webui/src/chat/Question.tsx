import { useEffect, useRef, useState } from 'react';
import { EditIcon } from '../ui/Icons';
import { MessageBox, submitTo } from './MessageBox';

/**
 * A question of the thread. The last one has Edit: an inline editor (Enter or Send resends, replacing the last
 * exchange; Escape or Cancel gives focus back to Edit). {@code editing} opens it from outside (Arrow Up in an empty
 * composer).
 */
export function Question(props: {
  text: string;
  onEdit?: (text: string) => void;
  editing?: boolean;
  onEditing?: (on: boolean) => void;
}) {
  const { text, onEdit, editing = false, onEditing } = props;
  const [draft, setDraft] = useState(text);
  const box = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (editing) {
      setDraft(text);
      box.current?.focus();
      box.current?.select();
    }
  }, [editing, text]);
  const close = () => {
    onEditing?.(false);
    // after React re-renders the Edit button
    setTimeout(() => editButton.current?.focus());
  };
  const send = () => {
    const q = draft.trim();
    if (!q || !onEdit) return;
    onEditing?.(false);
    onEdit(q);
  };
  if (editing && onEdit) {
    return (
      <form className="msg user editing" onSubmit={submitTo(send)}>
        <MessageBox
          id="edit-question"
          label="Edit your question"
          ref={box}
          rows={3}
          value={draft}
          onValue={setDraft}
          onSend={send}
          keys={{ Escape: close }}
        />
        <div className="edit-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!draft.trim()}>
            Send
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="msg user">
      {text}
      {onEdit && (
        <button
          type="button"
          ref={editButton}
          className="icon edit-question"
          aria-label="Edit question"
          title="Edit question"
          onClick={() => onEditing?.(true)}
        >
          <EditIcon />
        </button>
      )}
    </div>
  );
}
