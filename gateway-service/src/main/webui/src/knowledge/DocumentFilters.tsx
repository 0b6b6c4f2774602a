import { Field } from '../ui/Field';
import { SelectFilter } from '../ui/Panel';
import type { DocumentFilter } from './useDocumentFeed';

const STATUSES = ['QUEUED', 'PARSING', 'EMBEDDING', 'INDEXING', 'INDEXED', 'FAILED', 'DELETING'];

/** Filters the document table by status, tag and name. */
export function DocumentFilters({ value, tags, onChange }: { value: DocumentFilter; tags: string[]; onChange: (f: DocumentFilter) => void }) {
  return (
    <div className="filters" role="search" aria-label="Filter documents">
      <SelectFilter label="Status" value={value.status} options={STATUSES} onChange={(status) => onChange({ ...value, status })} />
      <SelectFilter label="Tag" value={value.tag} options={tags} onChange={(tag) => onChange({ ...value, tag })} />
      <Field label="Name" type="search" value={value.q} onValue={(q) => onChange({ ...value, q })} placeholder="Filter by name" />
    </div>
  );
}
