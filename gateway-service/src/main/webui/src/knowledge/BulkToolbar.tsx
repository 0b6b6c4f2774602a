import type { Job } from '../api/model';

/** A running bulk job's progress, and the actions for the selected documents (by role). */
export function BulkToolbar(props: {
  job: Job | null;
  count: number;
  canEdit: boolean;
  canDelete: boolean;
  onReprocess: () => void;
  onTag: () => void;
  onDelete: () => void;
}) {
  const { job, count, canEdit, canDelete, onReprocess, onTag, onDelete } = props;
  return (
    <>
      {job && (
        <p className="muted" role="status">
          {job.action}: {job.done + job.failed} of {job.total} documents
        </p>
      )}
      {count > 0 && (
        <div className="bulk" role="toolbar" aria-label="Selected documents">
          <span>{count} selected</span>
          {canEdit && (
            <button type="button" onClick={onReprocess}>
              Reprocess
            </button>
          )}
          {canEdit && (
            <button type="button" onClick={onTag}>
              Tag…
            </button>
          )}
          {canDelete && (
            <button type="button" className="danger" onClick={onDelete}>
              Delete
            </button>
          )}
        </div>
      )}
    </>
  );
}
