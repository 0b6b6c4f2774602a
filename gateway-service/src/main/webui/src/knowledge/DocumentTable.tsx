import { RowActions } from '../ui/RowActions';
import type { DocumentItem } from '../api/model';
import { DataTable } from '../ui/DataTable';
import { connectorSource } from './source';

/** A document status as a person reads it: "INDEXED" → "Indexed" (the API's value stays in the class name). */
export function statusLabel(status: string) {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

export function fmtSize(n?: number) {
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
  const selectAll = (
    <input
      type="checkbox"
      aria-label="Select all documents"
      checked={shown.length > 0 && shown.every((d) => selected.has(d.id))}
      onChange={(e) => onSelect(e.target.checked ? new Set(shown.map((d) => d.id)) : new Set())}
    />
  );
  return (
    <DataTable
      label="Documents"
      className="docs"
      rows={shown}
      rowProps={(d) => ({ 'data-doc': d.id })}
      empty={docs ? 'No documents.' : undefined}
      columns={[
        {
          header: selectAll,
          cell: (d) => (
            <input type="checkbox" aria-label={`Select ${d.filename}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
          ),
        },
        {
          header: 'Name',
          cell: (d) => {
            const from = connectorSource(d);
            return (
              <>
                {d.filename}
                {from && ' '}
                {from && (
                  <span className="badge" title="Synced by a connector">
                    {from.url ? (
                      <a href={from.url} target="_blank" rel="noopener noreferrer">
                        {from.title}
                      </a>
                    ) : (
                      from.title
                    )}
                  </span>
                )}
              </>
            );
          },
        },
        {
          header: 'Status',
          cell: (d) => (
            <>
              <span className={`status s-${d.status.toLowerCase()}`} title={d.error ?? undefined}>
                {statusLabel(d.status)}
              </span>
              {d.error && <span className="muted"> {d.error}</span>}
            </>
          ),
        },
        { header: 'Tags', className: 'wide-only', cell: (d) => (d.tags ?? []).join(', ') },
        { header: 'Size', className: 'wide-only', cell: (d) => fmtSize(d.sizeBytes) },
        { header: 'Chunks', className: 'wide-only', cell: (d) => d.chunkCount ?? '' },
        {
          header: 'Actions',
          className: 'row-actions',
          cell: (d) => (
            <RowActions label={`Actions for ${d.filename}`}>
              <button type="button" onClick={() => onPreview(d)}>
                Preview
              </button>
              <button type="button" onClick={() => onDownload(d)}>
                Download
              </button>
            </RowActions>
          ),
        },
      ]}
    />
  );
}
