import { useState } from 'react';
import { patch } from '../api/client';
import type { Conversation } from '../api/model';
import { FormDialog } from '../ui/FormDialog';

/** Renames a conversation. */
export function RenameDialog({ c, onClose, onSaved }: { c: Conversation; onClose: () => void; onSaved: (c: Conversation) => void }) {
  const [title, setTitle] = useState(c.title ?? '');
  return (
    <FormDialog
      title="Rename conversation"
      submitLabel="Save"
      onClose={onClose}
      onSubmit={() =>
        patch<Conversation>(`/api/v1/conversations/${c.id}`, { title: title.trim() }).then((saved) =>
          onSaved({ ...c, ...saved, title: saved?.title ?? title.trim() }),
        )
      }
    >
      <label>
        Title
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
    </FormDialog>
  );
}
