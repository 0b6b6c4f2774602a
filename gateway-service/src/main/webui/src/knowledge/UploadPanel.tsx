import { useRef, useState } from 'react';
import type { UploadItem, UploadQueue } from './uploadQueue';

/** The id of the file picker, so an empty state's "Upload documents" can open it. */
export const UPLOAD_INPUT_ID = 'upload-files';

/** The drop zone (or file picker) that feeds the upload queue, and each upload's progress. */
export function UploadPanel({ kbId, uploads, queue }: { kbId: string; uploads: UploadItem[]; queue: UploadQueue }) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <div
        className={'dropzone' + (dragging ? ' over' : '')}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          queue.add(kbId, Array.from(e.dataTransfer.files));
        }}
      >
        <p>Drop files here, or</p>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Choose files
        </button>
        <input
          ref={fileInput}
          id={UPLOAD_INPUT_ID}
          type="file"
          multiple
          aria-label="Files to upload"
          className="sr-only"
          onChange={(e) => {
            queue.add(kbId, Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <section className="uploads" aria-label="Uploads">
          <ul>
            {uploads.map((u) => (
              <li key={u.key} data-status={u.status}>
                <span className="name">{u.file.name}</span>
                <progress max={u.total || 1} value={u.loaded} aria-label={`Upload of ${u.file.name}`} />
                <span className="state">
                  {u.status === 'failed' ? u.error : u.status === 'duplicate' ? 'already uploaded' : u.status}
                </span>
                {u.status === 'failed' && u.total > 0 && (
                  <button type="button" onClick={() => queue.retry(u.key)}>
                    Retry
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="link" onClick={() => queue.clearFinished()}>
            Clear finished
          </button>
        </section>
      )}
    </>
  );
}
