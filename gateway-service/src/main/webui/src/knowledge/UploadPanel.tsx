import { useRef, useState, type MutableRefObject } from 'react';
import { droppedFiles, pickedFiles } from './droppedFiles';
import type { UploadItem, UploadQueue } from './uploadQueue';

/** The id of the file picker, so an empty state's "Upload documents" can open it. */
export const UPLOAD_INPUT_ID = 'upload-files';

/** A file input opened by a visible button (so it is no tab stop of its own); {@code folder} picks a whole folder. */
function HiddenPicker(props: {
  id?: string;
  label: string;
  folder?: boolean;
  inputRef: MutableRefObject<HTMLInputElement | null>;
  onFiles: (files: FileList | null) => void;
}) {
  return (
    <input
      ref={(el) => {
        props.inputRef.current = el;
        // not a React prop: the folder picker of every current browser
        if (props.folder) el?.setAttribute('webkitdirectory', '');
      }}
      id={props.id}
      type="file"
      multiple
      aria-label={props.label}
      className="sr-only"
      tabIndex={-1}
      onChange={(e) => {
        props.onFiles(e.target.files);
        e.target.value = '';
      }}
    />
  );
}

function stateOf(u: UploadItem) {
  if (u.status === 'duplicate') return 'already uploaded';
  if (u.status === 'failed') return u.retryable ? 'failed' : 'refused';
  return u.status;
}

/**
 * The drop zone (files or whole folders), the file and folder pickers, and each upload's progress. A refused file
 * shows the server's reason in full on its own line and no Retry (sending it again cannot succeed); a transient
 * failure (network, server error, rate limit) offers Retry.
 */
export function UploadPanel({ kbId, uploads, queue }: { kbId: string; uploads: UploadItem[]; queue: UploadQueue }) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const folderInput = useRef<HTMLInputElement | null>(null);
  const finished = uploads.filter((u) => u.status === 'done' || u.status === 'duplicate').length;
  const refused = uploads.filter((u) => u.status === 'failed' && !u.retryable).length;
  const failed = uploads.filter((u) => u.status === 'failed' && u.retryable).length;
  const problems = [refused && `${refused} refused`, failed && `${failed} failed`].filter(Boolean).join(', ');
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
          void droppedFiles(e.dataTransfer).then((files) => queue.add(kbId, files));
        }}
      >
        <p>Drop files or folders here, or</p>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Choose files
        </button>{' '}
        <button type="button" onClick={() => folderInput.current?.click()}>
          Choose a folder
        </button>
        <HiddenPicker id={UPLOAD_INPUT_ID} label="Files to upload" inputRef={fileInput} onFiles={(l) => queue.add(kbId, Array.from(l ?? []))} />
        <HiddenPicker folder label="Folder to upload" inputRef={folderInput} onFiles={(l) => queue.add(kbId, pickedFiles(l))} />
      </div>
      {uploads.length > 0 && (
        <section className="uploads" aria-label="Uploads">
          <p className="muted" role="status">
            {finished} of {uploads.length} uploaded{problems ? `, ${problems}` : ''}
          </p>
          <ul>
            {uploads.map((u) => (
              <li key={u.key} data-status={u.status}>
                <span className="name" title={u.path}>
                  {u.path}
                </span>
                {/* a refused or failed file shows no (full) bar: a full bar reads as done */}
                {u.status !== 'failed' && <progress max={u.total || 1} value={u.loaded} aria-label={`Upload of ${u.path}`} />}
                <span className="state">{stateOf(u)}</span>
                {u.status === 'failed' && u.retryable && (
                  <button type="button" onClick={() => queue.retry(u.key)}>
                    Retry
                  </button>
                )}
                {u.status === 'failed' && u.error && <p className="reason">{u.error}</p>}
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
