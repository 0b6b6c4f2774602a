import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { describe, get, post, raw } from '../api/client';
import type { DocumentItem, Page } from '../api/model';
import { Dialog, ErrorNote } from '../ui/Dialog';
import { SearchForm } from '../ui/Panel';
import { useAction } from '../ui/useAction';
import { fmtSize, statusLabel } from './DocumentTable';
import { centredScrollTop, findPassage } from './passage';
import type { StatusChange } from './useStatusHistory';

/** A version's processing (`GET /api/v1/documents/{id}/versions`). */
export interface DocumentVersion {
  version: number;
  state: 'queued' | 'processing' | 'done' | 'failed' | string;
  attempts: number;
  enqueuedAt: string;
  finishedAt?: string | null;
  error?: string | null;
}

interface SearchHit {
  chunkId: string;
  text: string;
  page?: number | null;
  section?: string | null;
  score: number;
}

// pdf.js only when a PDF page is shown (its own chunk, see docs/WEB.md)
const PdfPage = lazy(() => import('./PdfPage'));

/** What a citation points at: the passage's start (its snippet) and, for paged documents, its page. */
export interface Cite {
  page?: number | null;
  passage: string;
  /** The cited chunk: its whole text is found by a search narrowed to the document (the snippet is its start). */
  chunkId?: string | null;
}

/**
 * The whole cited chunk's text when a search narrowed to the document finds that chunk (citations carry only its
 * first 280 characters; retrieval has no get-chunk endpoint), else the snippet.
 */
function useCitedPassage(documentId: string, cite?: Cite | null): string | undefined {
  const [whole, setWhole] = useState<string | null>(null);
  useEffect(() => {
    setWhole(null);
    if (!cite?.chunkId || !cite.passage) return;
    let stale = false;
    post<{ results: SearchHit[] }>('/api/v1/search', { query: cite.passage.replace(/^…|…$/g, ''), documentIds: [documentId], topK: 10 })
      .then((r) => {
        const hit = r.results.find((h) => h.chunkId === cite.chunkId);
        if (!stale && hit?.text) setWhole(hit.text);
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [documentId, cite?.chunkId, cite?.passage]);
  return whole ?? cite?.passage;
}

const time = (s?: string | null) => (s ? new Date(s).toLocaleString() : '');

function useText(id: string) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    raw(`/api/v1/documents/${id}/text`, { headers: { Accept: 'text/plain, application/json' } })
      .then((res) => res.text())
      .then(setText)
      .catch((e) => setText(describe(e, 'A text preview is not available yet.')));
  }, [id]);
  return text;
}

/** The indexed chunks of this document that best match a query (search narrowed to the document). */
function ChunkPreview({ doc }: { doc: DocumentItem }) {
  const [query, setQuery] = useState(doc.filename.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' '));
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const { error, run } = useAction();
  const search = () =>
    void run(
      post<{ results: SearchHit[] }>('/api/v1/search', { query, documentIds: [doc.id], topK: 5 }).then((r) => setHits(r.results)),
    );
  // again once the document is indexed
  useEffect(search, [doc.id, doc.status]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section aria-labelledby="doc-chunks">
      <h3 id="doc-chunks">Chunks</h3>
      <SearchForm label="Find chunks" className="inline" onSearch={search}>
        <label>
          Find chunks about
          <input value={query} onChange={(e) => setQuery(e.target.value)} maxLength={4000} required />
        </label>
        <button type="submit">Find</button>
      </SearchForm>
      <ErrorNote error={error} />
      {hits && !hits.length && <p className="muted">No indexed chunk matches (the document may not be indexed yet).</p>}
      {hits && hits.length > 0 && (
        <div className="chunks">
          {hits.map((h) => (
            <article key={h.chunkId} aria-label={h.section ?? `Chunk ${h.chunkId}`}>
              <p className="muted">
                {[h.section, h.page ? `page ${h.page}` : null].filter(Boolean).join(' · ') || 'chunk'}
              </p>
              {h.text}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * The extracted text, with the cited passage marked and scrolled to inside the text's own box; with {@code reveal}
 * the dialog also scrolls to it (not when a rendered PDF page above shows the passage).
 */
export function ExtractedText({ text, passage, reveal }: { text: string | null; passage?: string; reveal?: boolean }) {
  const mark = useRef<HTMLElement>(null);
  const box = useRef<HTMLPreElement>(null);
  const range = text && passage ? findPassage(text, passage) : null;
  useEffect(() => {
    const m = mark.current;
    const b = box.current;
    if (!m || !b) return;
    const r = m.getBoundingClientRect();
    b.scrollTop = centredScrollTop(r, { top: b.getBoundingClientRect().top, scrollTop: b.scrollTop, clientHeight: b.clientHeight });
    if (reveal) m.scrollIntoView?.({ block: 'center' });
  }, [text, passage, reveal, range?.start]);
  return (
    <section aria-labelledby="doc-text">
      <h3 id="doc-text">Extracted text</h3>
      {passage && text && !range && <p className="muted">The cited passage was not found in the extracted text.</p>}
      <pre ref={box} className="preview" tabIndex={0} aria-labelledby="doc-text">
        {text === null ? (
          'Loading…'
        ) : range ? (
          <>
            {text.slice(0, range.start)}
            <mark ref={mark} className="cited" data-testid="cited-text">
              {text.slice(range.start, range.end)}
            </mark>
            {text.slice(range.end)}
          </>
        ) : (
          text
        )}
      </pre>
    </section>
  );
}

/** The cited page of a PDF, rendered from the original; a note when it cannot be (the extracted text still marks it). */
function CitedPage(props: { doc: DocumentItem; cite: Cite; failed: string | null; onFailed: (why: string) => void }) {
  const { doc, cite, failed, onFailed: setFailed } = props;
  if (!cite.page) return null;
  return (
    <section aria-labelledby="doc-cited">
      <h3 id="doc-cited">Cited page {cite.page}</h3>
      {failed ? (
        <p className="muted" data-testid="pdf-fallback">
          The original page could not be shown ({failed}); the passage is marked in the extracted text below.
        </p>
      ) : (
        <Suspense fallback={<p className="muted">Loading the PDF viewer…</p>}>
          <PdfPage documentId={doc.id} page={cite.page} passage={cite.passage} onFailed={setFailed} />
        </Suspense>
      )}
    </section>
  );
}

/** Whether the original is a PDF (pdf.js renders it). */
const isPdf = (d: DocumentItem) => /pdf/i.test(d.contentType ?? '') || /\.pdf$/i.test(d.filename);

/**
 * A document's page, as a dialog over its knowledge base: the details (the failure reason in full), each version's
 * processing, the status changes seen since the page opened, a chunk preview, the extracted text, and Reprocess.
 */
export function DocumentDrawer(props: {
  doc: DocumentItem;
  history: StatusChange[];
  canReprocess: boolean;
  onReprocessed: () => void;
  onClose: () => void;
  /** Opened from a citation: show its page (PDF) and mark its passage. */
  cite?: Cite | null;
}) {
  const { cite, history, canReprocess, onReprocessed, onClose } = props;
  // the list's row (kept live by the status stream) with the fields only the document itself has (indexedAt, …)
  const [full, setFull] = useState<DocumentItem | null>(null);
  const doc = { ...full, ...props.doc, indexedAt: props.doc.indexedAt ?? full?.indexedAt };
  useEffect(() => {
    get<DocumentItem>(`/api/v1/documents/${props.doc.id}`)
      .then(setFull)
      .catch(() => undefined);
  }, [props.doc.id, props.doc.status, props.doc.version]);
  const text = useText(doc.id);
  const [pdfFailed, setPdfFailed] = useState<string | null>(null);
  const pdfPage = !!cite?.page && isPdf(doc) && !pdfFailed;
  const passage = useCitedPassage(doc.id, cite);
  const [versions, setVersions] = useState<DocumentVersion[] | null>(null);
  const action = useAction();
  const versionsNote = useAction();
  useEffect(() => {
    void versionsNote.run(
      get<Page<DocumentVersion>>(`/api/v1/documents/${doc.id}/versions`).then((p) => setVersions(p.items)),
      'The version history is not available on this server.',
    );
    // a reprocess or a status change shows up as a new version row
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.id, doc.version, doc.status]);
  return (
    <Dialog title={doc.filename} onClose={onClose} wide>
      <div className="document-page">
        {cite && isPdf(doc) && <CitedPage doc={doc} cite={{ ...cite, passage: passage ?? cite.passage }} failed={pdfFailed} onFailed={setPdfFailed} />}
        <dl className="meta">
          <dt>Status</dt>
          <dd>
            <span className={`status s-${doc.status.toLowerCase()}`}>{statusLabel(doc.status)}</span>
            {doc.error && <p className="error">{doc.error}</p>}
          </dd>
          <dt>Version</dt>
          <dd>{doc.version ?? 1}</dd>
          <dt>Type</dt>
          <dd>{doc.contentType ?? ''}</dd>
          <dt>Size</dt>
          <dd>{fmtSize(doc.sizeBytes)}</dd>
          <dt>Chunks</dt>
          <dd>{doc.chunkCount ?? '—'}</dd>
          <dt>Tags</dt>
          <dd>{(doc.tags ?? []).join(', ') || '—'}</dd>
          <dt>Uploaded</dt>
          <dd>{time(doc.createdAt)}</dd>
          <dt>Indexed</dt>
          <dd>{time(doc.indexedAt) || '—'}</dd>
        </dl>
        {canReprocess && (
          <p>
            <button
              type="button"
              onClick={() => void action.run(post(`/api/v1/documents/${doc.id}/reprocess`).then(onReprocessed))}
              disabled={doc.status === 'DELETING'}
            >
              Reprocess (new version)
            </button>
          </p>
        )}
        <ErrorNote error={action.error} />
        {/* opened from a citation: the cited passage first, where what loads later (versions, chunks) cannot push it
            out of view after the dialog scrolled to it */}
        {passage && <ExtractedText text={text} passage={passage} reveal={!pdfPage} />}
        <section aria-labelledby="doc-versions">
          <h3 id="doc-versions">Versions</h3>
          {versionsNote.error && <p className="muted">{versionsNote.error}</p>}
          {versions && !versions.length && <p className="muted">No processing recorded in the last 7 days.</p>}
          {versions && versions.length > 0 && (
            <ol className="history" data-testid="versions">
              {versions.map((v) => (
                <li key={v.version}>
                  <strong>Version {v.version}</strong>: {v.state} · queued {time(v.enqueuedAt)}
                  {v.finishedAt ? ` · finished ${time(v.finishedAt)}` : ''} · {v.attempts} attempt{v.attempts === 1 ? '' : 's'}
                  {v.error && <span className="error"> — {v.error}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="doc-history">
          <h3 id="doc-history">Status history</h3>
          <p className="muted hint">Seen since this page opened.</p>
          <ol className="history" data-testid="status-history">
            {history.map((h, i) => (
              <li key={i}>
                {h.at.toLocaleTimeString()} · version {h.version} · {statusLabel(h.status)}
                {h.error ? ` — ${h.error}` : ''}
              </li>
            ))}
          </ol>
        </section>
        <ChunkPreview doc={doc} />
        {!passage && <ExtractedText text={text} />}
      </div>
    </Dialog>
  );
}
