import type { Citation } from './frames';

/** An answer's cited sources, each opening its passage. */
export function Sources({ citations, onCite }: { citations: Citation[]; onCite: (c: Citation) => void }) {
  if (!citations.length) return null;
  return (
    <ol className="sources" aria-label="Sources">
      {citations.map((c) => (
        <li key={c.n} value={c.n}>
          <button type="button" className="link" onClick={() => onCite(c)}>
            {c.filename ?? 'Document'}
            {c.page ? `, p. ${c.page}` : ''}
          </button>
        </li>
      ))}
    </ol>
  );
}
