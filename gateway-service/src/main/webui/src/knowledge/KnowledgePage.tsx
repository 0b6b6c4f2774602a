import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describe, del, get, post, raw } from '../api/client';
import { atLeast, type Session } from '../api/session';
import { streamEvents } from '../api/sse';
import { TERMINAL, type DocumentItem, type Job, type KnowledgeBase, type Page, type Tenant } from '../api/types';
import { Dialog, ErrorNote } from '../ui/Dialog';
import { Link, navigate } from '../ui/router';
import { TrashIcon } from '../ui/Icons';
import { UploadQueue, type UploadItem } from './uploadQueue';
import { xhrSender } from './xhrSender';

const STATUSES = ['QUEUED', 'PARSING', 'EMBEDDING', 'INDEXING', 'INDEXED', 'FAILED', 'DELETING'];

/** Knowledge bases and, for the selected one, uploads and the live document table. */
export function KnowledgePage({ path, session }: { path: string; session: Session }) {
  const kbId = /^\/knowledge\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null;
  const isAdmin = atLeast(session, 'admin');
  const [kbs, setKbs] = useState<KnowledgeBase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<KnowledgeBase | null>(null);

  const load = useCallback(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setKbs(p.items))
      .catch((e) => setError(describe(e)));
  }, []);
  useEffect(load, [load]);

  const kb = kbs?.find((k) => k.id === kbId) ?? null;
  return (
    <div className="knowledge">
      <aside className="kb-list" aria-label="Knowledge bases">
        <h1>Knowledge</h1>
        {isAdmin && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New knowledge base
          </button>
        )}
        <ul>
          {kbs?.map((k) => (
            <li key={k.id} className={k.id === kbId ? 'active' : undefined}>
              <Link to={`/knowledge/${k.id}`} aria-current={k.id === kbId ? 'page' : undefined}>
                {k.name}
              </Link>
              <span className="muted"> {k.documentCount ?? 0} docs</span>
              {isAdmin && (
                <button type="button" className="icon" aria-label={`Delete ${k.name}`} onClick={() => setDeleting(k)}>
                  <TrashIcon />
                </button>
              )}
            </li>
          ))}
          {kbs && !kbs.length && <li className="muted">No knowledge bases yet.</li>}
        </ul>
      </aside>
      <section className="kb-detail">
        <ErrorNote error={error} />
        {kb ? (
          <Documents key={kb.id} kb={kb} session={session} onChanged={load} />
        ) : (
          <p className="muted empty">{kbs === null ? 'Loading…' : 'Choose a knowledge base.'}</p>
        )}
      </section>
      {creating && (
        <CreateKb
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setKbs((ks) => [...(ks ?? []), k]);
            navigate(`/knowledge/${k.id}`);
          }}
        />
      )}
      {deleting && (
        <Dialog title="Delete knowledge base" onClose={() => setDeleting(null)}>
          <p>Delete “{deleting.name}” with all its documents? Search stops finding them.</p>
          <div className="actions">
            <button type="button" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const k = deleting;
                del(`/api/v1/knowledge-bases/${k.id}`)
                  .then(() => {
                    setKbs((ks) => (ks ?? []).filter((x) => x.id !== k.id));
                    if (kbId === k.id) navigate('/knowledge');
                  })
                  .catch((e) => setError(describe(e)))
                  .finally(() => setDeleting(null));
              }}
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function CreateKb({ onClose, onCreated }: { onClose: () => void; onCreated: (k: KnowledgeBase) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="New knowledge base" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post<KnowledgeBase>('/api/v1/knowledge-bases', { name: name.trim(), description: description.trim() || undefined })
            .then(onCreated)
            .catch((err) => setError(describe(err)));
        }}
      >
        <label>
          Name
          <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Description
          <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <ErrorNote error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function fmtSize(n?: number) {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

function Documents({ kb, session, onChanged }: { kb: KnowledgeBase; session: Session; onChanged: () => void }) {
  const canUpload = atLeast(session, 'member');
  const isAdmin = atLeast(session, 'admin');
  const [docs, setDocs] = useState<DocumentItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [tag, setTag] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [live, setLive] = useState<'stream' | 'polling'>('polling');
  const [preview, setPreview] = useState<DocumentItem | null>(null);
  const [tagging, setTagging] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [tenantTags, setTenantTags] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const queue = useRef<UploadQueue | null>(null);
  if (!queue.current) queue.current = new UploadQueue(xhrSender, setUploads);

  const load = useCallback(() => {
    const params = new URLSearchParams({ limit: '200' });
    if (status) params.set('status', status);
    if (tag) params.set('tag', tag);
    if (q) params.set('q', q);
    return get<Page<DocumentItem>>(`/api/v1/knowledge-bases/${kb.id}/documents?${params}`)
      .then((p) => setDocs(p.items))
      .catch((e) => setError(describe(e)));
  }, [kb.id, status, tag, q]);

  useEffect(() => {
    void load();
  }, [load]);

  const loadTags = useCallback(
    () =>
      get<{ items: { tag: string; count: number }[] }>('/api/v1/tags?limit=200')
        .then((p) => setTenantTags(p.items.map((t) => t.tag)))
        .catch(() => undefined),
    [],
  );
  useEffect(() => {
    void loadTags();
  }, [loadTags]);

  useEffect(() => {
    get<Tenant>('/api/v1/tenant')
      .then((t) => t.limits?.maxUploadMb && queue.current!.setMaxBytes(t.limits.maxUploadMb * 1048576))
      .catch(() => undefined);
  }, []);

  // live status: the SSE stream when it is served, else polling while something is in flight
  useEffect(() => {
    const ctl = new AbortController();
    let last: string | undefined;
    const run = async () => {
      for (let attempt = 0; !ctl.signal.aborted && attempt < 5; attempt++) {
        try {
          setLive('stream');
          last = await streamEvents(
            `/api/v1/knowledge-bases/${kb.id}/events`,
            (e) => {
              let frame: any;
              try {
                frame = JSON.parse(e.data);
              } catch {
                return;
              }
              if (frame?.documentId && frame?.status) {
                setDocs((ds) => {
                  if (!ds) return ds;
                  if (!ds.some((d) => d.id === frame.documentId)) {
                    void load();
                    return ds;
                  }
                  return ds.map((d) => (d.id === frame.documentId ? { ...d, ...pick(frame) } : d));
                });
              } else void load();
            },
            ctl.signal,
            last,
          );
        } catch (e) {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiError && e.status >= 400 && e.status < 500) break;
        }
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
      if (!ctl.signal.aborted) setLive('polling');
    };
    void run();
    return () => ctl.abort();
  }, [kb.id, load]);

  const inFlight =
    (docs ?? []).some((d) => !TERMINAL.has(d.status)) || uploads.some((u) => u.status === 'uploading' || u.status === 'queued');
  useEffect(() => {
    if (live !== 'polling') return;
    const t = setInterval(() => void load(), inFlight ? 1500 : 10_000);
    return () => clearInterval(t);
  }, [live, inFlight, load]);

  // a finished upload shows up in the table at once
  const doneCount = uploads.filter((u) => u.status === 'done').length;
  useEffect(() => {
    if (doneCount) {
      void load();
      onChanged();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doneCount]);

  // ?doc=<id> (from a citation) opens that document's preview
  useEffect(() => {
    const id = new URLSearchParams(window.location.search).get('doc');
    if (id && docs && !preview) {
      const d = docs.find((x) => x.id === id);
      if (d) setPreview(d);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docs]);

  const shown = useMemo(
    () =>
      (docs ?? []).filter(
        (d) =>
          (!status || d.status === status) &&
          (!tag || (d.tags ?? []).includes(tag)) &&
          (!q || d.filename.toLowerCase().includes(q.toLowerCase())),
      ),
    [docs, status, tag, q],
  );
  const allTags = useMemo(
    () => [...new Set([...tenantTags, ...(docs ?? []).flatMap((d) => d.tags ?? [])])].sort(),
    [docs, tenantTags],
  );
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  // bulk actions run as server-side jobs: follow the job's progress, then reload the table
  const bulk = async (action: 'delete' | 'reprocess' | 'tag' | 'untag', tags?: string[]) => {
    const ids = [...selected];
    setError(null);
    try {
      const { jobId } = await post<{ jobId: string }>(`/api/v1/knowledge-bases/${kb.id}/documents/bulk`, {
        action,
        documentIds: ids,
        tags,
      });
      setSelected(new Set());
      for (let i = 0; i < 240; i++) {
        const job = await get<Job>(`/api/v1/jobs/${jobId}`);
        setJob(job);
        if (job.status === 'DONE') {
          if (job.failed) setError(`${job.failed} of ${job.total} documents could not be changed.`);
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    } catch (e) {
      setError(describe(e));
    }
    setJob(null);
    void load();
    void loadTags();
  };

  const download = async (d: DocumentItem) => {
    try {
      const res = await raw(`/api/v1/documents/${d.id}/content`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = d.filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? 'Download is not available yet.' : describe(e));
    }
  };

  return (
    <>
      <header className="kb-head">
        <h2>{kb.name}</h2>
        {kb.description && <p className="muted">{kb.description}</p>}
        <span className="badge" title="How document status reaches the page">
          {live === 'stream' ? 'Live' : 'Auto-refresh'}
        </span>
      </header>
      <ErrorNote error={error} />
      {canUpload && (
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
            queue.current!.add(kb.id, Array.from(e.dataTransfer.files));
          }}
        >
          <p>Drop files here, or</p>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Choose files
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            aria-label="Files to upload"
            className="sr-only"
            onChange={(e) => {
              queue.current!.add(kb.id, Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
        </div>
      )}
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
                  <button type="button" onClick={() => queue.current!.retry(u.key)}>
                    Retry
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="link" onClick={() => queue.current!.clearFinished()}>
            Clear finished
          </button>
        </section>
      )}
      <div className="filters" role="search">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All</option>
            {allTags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Filter by name" />
        </label>
      </div>
      {job && (
        <p className="muted" role="status">
          {job.action}: {job.done + job.failed} of {job.total} documents
        </p>
      )}
      {selected.size > 0 && (
        <div className="bulk" role="toolbar" aria-label="Selected documents">
          <span>{selected.size} selected</span>
          {canUpload && (
            <button type="button" onClick={() => void bulk('reprocess')}>
              Reprocess
            </button>
          )}
          {canUpload && (
            <button type="button" onClick={() => setTagging(true)}>
              Tag…
            </button>
          )}
          {isAdmin && (
            <button type="button" className="danger" onClick={() => void bulk('delete')}>
              Delete
            </button>
          )}
        </div>
      )}
      <div className="table-wrap">
        <table className="docs">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all documents"
                  checked={shown.length > 0 && shown.every((d) => selected.has(d.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((d) => d.id)) : new Set())}
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
                  <input
                    type="checkbox"
                    aria-label={`Select ${d.filename}`}
                    checked={selected.has(d.id)}
                    onChange={() => toggle(d.id)}
                  />
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
                  <button type="button" onClick={() => setPreview(d)}>
                    Preview
                  </button>
                  <button type="button" onClick={() => void download(d)}>
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
      {preview && <Preview doc={preview} onClose={() => setPreview(null)} />}
      {tagging && (
        <TagDialog
          onClose={() => setTagging(false)}
          onApply={(action, tags) => {
            setTagging(false);
            void bulk(action, tags);
          }}
        />
      )}
    </>
  );
}

function pick(frame: any): Partial<DocumentItem> {
  const out: Partial<DocumentItem> = { status: frame.status };
  if ('error' in frame) out.error = frame.error;
  if ('chunkCount' in frame) out.chunkCount = frame.chunkCount;
  if ('version' in frame) out.version = frame.version;
  return out;
}

function Preview({ doc, onClose }: { doc: DocumentItem; onClose: () => void }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    raw(`/api/v1/documents/${doc.id}/text`, { headers: { Accept: 'text/plain, application/json' } })
      .then(async (res) => {
        const body = await res.text();
        try {
          const j = JSON.parse(body);
          setText(typeof j === 'string' ? j : (j.text ?? body));
        } catch {
          setText(body);
        }
      })
      .catch((e) =>
        setText(e instanceof ApiError && e.status === 404 ? 'A text preview is not available yet.' : describe(e)),
      );
  }, [doc.id]);
  return (
    <Dialog title={doc.filename} onClose={onClose}>
      <dl className="meta">
        <dt>Status</dt>
        <dd>{doc.status}</dd>
        <dt>Version</dt>
        <dd>{doc.version ?? 1}</dd>
        <dt>Type</dt>
        <dd>{doc.contentType ?? ''}</dd>
      </dl>
      <pre className="preview" tabIndex={0}>
        {text ?? 'Loading…'}
      </pre>
    </Dialog>
  );
}

function TagDialog({ onClose, onApply }: { onClose: () => void; onApply: (a: 'tag' | 'untag', tags: string[]) => void }) {
  const [value, setValue] = useState('');
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return (
    <Dialog title="Tag documents" onClose={onClose}>
      <label>
        Tags (comma separated)
        <input value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" disabled={!tags.length} onClick={() => onApply('untag', tags)}>
          Remove tags
        </button>
        <button type="button" className="primary" disabled={!tags.length} onClick={() => onApply('tag', tags)}>
          Add tags
        </button>
      </div>
    </Dialog>
  );
}
