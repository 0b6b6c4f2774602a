import { useState } from 'react';
import { Dialog } from '../ui/Dialog';

/** Asks for tags to add to (or remove from) the selected documents; Enter adds them, the dialog's main action. */
export function TagDialog({ onClose, onApply }: { onClose: () => void; onApply: (a: 'tag' | 'untag', tags: string[]) => void }) {
  const [value, setValue] = useState('');
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return (
    <Dialog title="Tag documents" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (tags.length) onApply('tag', tags);
        }}
      >
        <label>
          Tags (comma separated)
          <input value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="actions">
          <button type="button" disabled={!tags.length} onClick={() => onApply('untag', tags)}>
            Remove tags
          </button>
          <button type="submit" className="primary" disabled={!tags.length}>
            Add tags
          </button>
        </div>
      </form>
    </Dialog>
  );
}
