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

/**
 * A passage as a reader wants it: the source's Markdown heading markers ("## 2. Hotels") dropped and its **bold** shown
 * bold. Only those: the passage is one line cut from its document, so reading it as Markdown ("2. Hotels" a list) would
 * misshape it. The link to the document keeps the passage as cited, to find it there.
 */
export function readable(snippet: string): React.ReactNode[] {
  const text = snippet.replace(/(^|\s)#{1,6}\s+/g, '$1');
  return text.split(/\*\*([^*\n]+?)\*\*/).map((part, i) => (i % 2 === 1 ? <strong key={i}>{part}</strong> : part));
}

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
      <blockquote className="passage">{c.snippet ? readable(c.snippet) : 'No passage text was cited.'}</blockquote>
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
