import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { KnowledgeBase, Page } from '../api/types';

/** Which knowledge bases the conversation searches (none chosen: all of them). */
export function SourcesPicker({ selected, onChange, disabled }: { selected: string[]; onChange: (ids: string[]) => void; disabled: boolean }) {
  const [kbs, setKbs] = useState<KnowledgeBase[]>([]);
  useEffect(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setKbs(p.items))
      .catch(() => setKbs([]));
  }, []);
  const label = selected.length
    ? kbs
        .filter((k) => selected.includes(k.id))
        .map((k) => k.name)
        .join(', ') || `${selected.length} selected`
    : 'All knowledge bases';
  return (
    <details className="kb-select">
      <summary>Sources: {label}</summary>
      <fieldset disabled={disabled}>
        <legend className="sr-only">Knowledge bases to search</legend>
        {kbs.map((k) => (
          <label key={k.id} className="check">
            <input
              type="checkbox"
              checked={selected.includes(k.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, k.id] : selected.filter((x) => x !== k.id))}
            />
            {k.name}
          </label>
        ))}
        {!kbs.length && <p className="muted">No knowledge bases yet.</p>}
      </fieldset>
    </details>
  );
}
