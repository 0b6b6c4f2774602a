import type { DocumentItem } from '../api/types';

function fmtSize(n?: number) {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

/** The documents with their status, selectable, each with Preview and Download; null while loading. */
export function DocumentTable(props: {
  docs: DocumentItem[] | null;
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  onPreview: (d: DocumentItem) => void;
  onDownload: (d: DocumentItem) => void;
}) {
  const { docs, selected, onSelect, onPreview, onDownload } = props;
  const shown = docs ?? [];
  const toggle = (id: string) => {
    const n = new Set(selected);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    onSelect(n);
  };
  return (
    <div className="table-wrap">
      <table className="docs">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all documents"
                checked={shown.length > 0 && shown.every((d) => selected.has(d.id))}
                onChange={(e) => onSelect(e.target.checked ? new Set(shown.map((d) => d.id)) : new Set())}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Tags</th>
            <th scope="col">Size</th>
            <th scope="col">Chunks</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} data-doc={d.id}>
              <td>
                <input type="checkbox" aria-label={`Select ${d.filename}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
              </td>
              <td>{d.filename}</td>
              <td>
                <span className={`status s-${d.status.toLowerCase()}`} title={d.error ?? undefined}>
                  {d.status}
                </span>
                {d.error && <span className="muted"> {d.error}</span>}
              </td>
              <td>{(d.tags ?? []).join(', ')}</td>
              <td>{fmtSize(d.sizeBytes)}</td>
              <td>{d.chunkCount ?? ''}</td>
              <td className="row-actions">
                <button type="button" onClick={() => onPreview(d)}>
                  Preview
                </button>
                <button type="button" onClick={() => onDownload(d)}>
                  Download
                </button>
              </td>
            </tr>
          ))}
          {docs && !shown.length && (
            <tr>
              <td colSpan={7} className="muted">
                No documents.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
