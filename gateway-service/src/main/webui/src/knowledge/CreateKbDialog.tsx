import { useState } from 'react';
import { post } from '../api/client';
import type { KnowledgeBase } from '../api/types';
import { FormDialog } from '../ui/FormDialog';

/** Creates a knowledge base from a name and an optional description. */
export function CreateKbDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (k: KnowledgeBase) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormDialog
      title="New knowledge base"
      submitLabel="Create"
      onClose={onClose}
      onSubmit={() =>
        post<KnowledgeBase>('/api/v1/knowledge-bases', { name: name.trim(), description: description.trim() || undefined }).then(
          onCreated,
        )
      }
    >
      <label>
        Name
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Description
        <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
    </FormDialog>
  );
}
