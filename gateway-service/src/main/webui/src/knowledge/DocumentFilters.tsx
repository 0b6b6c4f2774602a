import type { DocumentFilter } from './useDocumentFeed';

const STATUSES = ['QUEUED', 'PARSING', 'EMBEDDING', 'INDEXING', 'INDEXED', 'FAILED', 'DELETING'];

/** Filters the document table by status, tag and name. */
export function DocumentFilters({ value, tags, onChange }: { value: DocumentFilter; tags: string[]; onChange: (f: DocumentFilter) => void }) {
  return (
    <div className="filters" role="search">
      <label>
        Status
        <select value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value })}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <select value={value.tag} onChange={(e) => onChange({ ...value, tag: e.target.value })}>
          <option value="">All</option>
          {tags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input type="search" value={value.q} onChange={(e) => onChange({ ...value, q: e.target.value })} placeholder="Filter by name" />
      </label>
    </div>
  );
}
