import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { DocumentItem } from '../api/model';
import { Dialog, ErrorNote } from '../ui/Dialog';
import { Link } from '../ui/router';
import { useAction } from '../ui/useAction';
import type { Citation } from './frames';

/** The document's page in its knowledge base, opened at the cited page with the passage marked. */
export function citationLink(kbId: string, c: Citation): string {
  const q = new URLSearchParams({ doc: c.documentId });
  if (c.page) q.set('page', String(c.page));
  if (c.snippet) q.set('passage', c.snippet);
  if (c.chunkId) q.set('chunk', c.chunkId);
  return `/knowledge/${kbId}?${q}`;
}

/** What a citation says when its document was deleted after the answer (404, or a document being deleted). */
export const DOCUMENT_GONE = 'This document has been deleted since the answer was written.';

/** A cited passage, with a link to its document in the knowledge base, or a note that the document is gone. */
export function CitationDialog({ c, onClose }: { c: Citation; onClose: () => void }) {
  const [doc, setDoc] = useState<DocumentItem | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    void run(get<DocumentItem>(`/api/v1/documents/${c.documentId}`).then(setDoc), DOCUMENT_GONE);
  }, [c.documentId, run]);
  const deleting = doc?.status === 'DELETING';
  return (
    <Dialog title={`Source ${c.n}: ${c.filename ?? 'document'}`} onClose={onClose}>
      {c.page ? <p className="muted">Page {c.page}</p> : null}
      <blockquote className="passage">{c.snippet || 'No passage text was cited.'}</blockquote>
      <ErrorNote error={deleting ? DOCUMENT_GONE : error} />
      {doc && !deleting && (
        <p>
          <Link to={citationLink(doc.knowledgeBaseId, c)} onClick={onClose}>
            {c.page ? `Open the document at page ${c.page}` : 'Open the document at the passage'}
          </Link>
        </p>
      )}
    </Dialog>
  );
}
