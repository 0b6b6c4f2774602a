import { useEffect, useMemo, useRef, useState } from 'react';
import { get } from '../api/client';
import { atLeast, type Session } from '../api/session';
import type { DocumentItem, KnowledgeBase } from '../api/model';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { BulkToolbar } from './BulkToolbar';
import { DocumentFilters } from './DocumentFilters';
import { DocumentTable } from './DocumentTable';
import { downloadDocument } from './download';
import { DocumentDrawer, type Cite } from './DocumentDrawer';
import { TagDialog } from './TagDialog';
import { UPLOAD_INPUT_ID, UploadPanel } from './UploadPanel';
import { EmptyState } from '../ui/EmptyState';
import { useBulkJob, type BulkAction } from './useBulkJob';
import { useDocumentFeed, type DocumentFilter } from './useDocumentFeed';
import { SuggestedQuestions } from './SuggestedQuestions';
import { useDocumentSuggestions } from './suggestions';
import { useStatusHistory } from './useStatusHistory';
import { useTenantTags } from './useTenantTags';
import { useUploads } from './useUploads';

/** What a link to a document (a citation's) says when the document is no longer in the knowledge base. */
export const LINKED_DOCUMENT_GONE = 'The linked document is no longer in this knowledge base; it may have been deleted.';

/** One knowledge base: uploads, filters, bulk actions and the live document table. */
export function KnowledgeBaseView({ kb, session, onChanged }: { kb: KnowledgeBase; session: Session; onChanged: () => void }) {
  const canUpload = atLeast(session, 'member');
  const isAdmin = atLeast(session, 'admin');
  const [filter, setFilter] = useState<DocumentFilter>({ status: '', tag: '', q: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [preview, setPreview] = useState<DocumentItem | null>(null);
  const [tagging, setTagging] = useState(false);
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const { uploads, queue, active } = useUploads(() => {
    void feed.load();
    onChanged();
  });
  const feed = useDocumentFeed(kb.id, filter, action.run, active);
  const { docs } = feed;
  const history = useStatusHistory(docs);
  const suggestions = useDocumentSuggestions(kb.id, docs);
  const tenantTags = useTenantTags();
  const { job, start } = useBulkJob(kb.id, action);

  // ?doc=<id> (from a citation) opens that document's preview; &page=&passage= open it at the cited passage. A document
  // outside the table's first page is asked for; one deleted since the link was made says so instead of opening nothing.
  const [cite, setCite] = useState<Cite | null>(null);
  const linked = useRef<string | null>(null);
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const id = params.get('doc');
    if (!id || !docs || preview || linked.current === id) return;
    linked.current = id;
    const open = (d: DocumentItem) => {
      const passage = params.get('passage');
      const page = Number(params.get('page'));
      setCite(passage ? { passage, page: Number.isInteger(page) && page > 0 ? page : null, chunkId: params.get('chunk') } : null);
      setPreview(d);
    };
    const d = docs.find((x) => x.id === id);
    if (d) {
      open(d);
      return;
    }
    void action
      .run(
        get<DocumentItem>(`/api/v1/documents/${id}`).then((found) => {
          if (found.knowledgeBaseId !== kb.id || found.status === 'DELETING') throw new Error(LINKED_DOCUMENT_GONE);
          return found;
        }),
        LINKED_DOCUMENT_GONE,
      )
      .then((found) => found && open(found));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docs]);

  const { status, tag, q } = filter;
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
    () => [...new Set([...tenantTags.tags, ...(docs ?? []).flatMap((d) => d.tags ?? [])])].sort(),
    [docs, tenantTags.tags],
  );

  // after a job the table, the tags and the knowledge bases' document counts are read again
  const bulk = async (a: BulkAction, tags?: string[]) => {
    await start(a, [...selected], tags, () => setSelected(new Set()));
    void feed.load();
    void tenantTags.reload();
    onChanged();
  };
  const removeSelected = () => {
    const ids = [...selected];
    const one = ids.length === 1 ? docs?.find((d) => d.id === ids[0]) : undefined;
    confirm({
      title: 'Delete documents',
      message: one
        ? `Delete “${one.filename}”? Its passages leave search and answers at once.`
        : `Delete ${ids.length} documents? Their passages leave search and answers at once.`,
      confirmLabel: 'Delete',
      // the dialog closes at once; the job's progress shows above the table
      onConfirm: () => {
        suggestions.forget(ids);
        void bulk('delete');
      },
    });
  };

  return (
    <>
      <header className="kb-head">
        <h2>{kb.name}</h2>
        {kb.description && <p className="muted">{kb.description}</p>}
        <span className="badge" title="How document status reaches the page">
          {feed.live === 'stream' ? 'Live' : 'Auto-refresh'}
        </span>
      </header>
      {/* the documents never came: a way to ask again instead of an empty table */}
      <ErrorNote
        error={action.error}
        onRetry={
          docs === null
            ? () => {
                action.clear();
                void feed.load();
              }
            : undefined
        }
      />
      <SuggestedQuestions questions={suggestions.questions} />
      {canUpload && <UploadPanel kbId={kb.id} uploads={uploads} queue={queue} />}
      <DocumentFilters value={filter} tags={allTags} onChange={setFilter} />
      <BulkToolbar
        job={job}
        count={selected.size}
        canEdit={canUpload}
        canDelete={isAdmin}
        onReprocess={() => void bulk('reprocess')}
        onTag={() => setTagging(true)}
        onDelete={removeSelected}
      />
      {docs && !docs.length && !status && !tag && !q && !uploads.length ? (
        <EmptyState
          title="No documents yet"
          action={
            canUpload && (
              <button type="button" className="primary" onClick={() => document.getElementById(UPLOAD_INPUT_ID)?.click()}>
                Upload documents
              </button>
            )
          }
        >
          {canUpload
            ? `Upload documents into ${kb.name} (drop them above or choose them); once indexed, the chat answers from them.`
            : `${kb.name} has no documents yet. A member or admin of this workspace can upload them.`}
        </EmptyState>
      ) : (
        <DocumentTable
          docs={docs ? shown : null}
          selected={selected}
          onSelect={setSelected}
          onPreview={(d) => {
            setCite(null);
            setPreview(d);
          }}
          onDownload={(d) => void action.run(downloadDocument(d), 'Download is not available yet.')}
        />
      )}
      {preview && (
        <DocumentDrawer
          doc={docs?.find((d) => d.id === preview.id) ?? preview}
          history={history.get(preview.id) ?? []}
          canReprocess={canUpload}
          onReprocessed={() => void feed.load()}
          cite={cite}
          onClose={() => {
            setPreview(null);
            setCite(null);
            forgetLinkedDocument();
          }}
        />
      )}
      {tagging && (
        <TagDialog
          onClose={() => setTagging(false)}
          onApply={(a, tags) => {
            setTagging(false);
            void bulk(a, tags);
          }}
        />
      )}
      {dialog}
    </>
  );
}

/** Drops a citation link's ?doc= (and its passage) from the address once its dialog is closed: a reload opens nothing. */
function forgetLinkedDocument() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('doc')) return;
  for (const p of ['doc', 'page', 'passage', 'chunk']) url.searchParams.delete(p);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
