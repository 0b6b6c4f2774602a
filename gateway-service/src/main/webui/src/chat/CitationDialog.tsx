import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { DocumentItem } from '../api/model';
import { Dialog } from '../ui/Dialog';
import { Link } from '../ui/router';
import type { Citation } from './frames';

/** The document's page in its knowledge base, opened at the cited page with the passage marked. */
export function citationLink(kbId: string, c: Citation): string {
  const q = new URLSearchParams({ doc: c.documentId });
  if (c.page) q.set('page', String(c.page));
  if (c.snippet) q.set('passage', c.snippet);
  if (c.chunkId) q.set('chunk', c.chunkId);
  return `/knowledge/${kbId}?${q}`;
}

/** A cited passage, with a link to its document in the knowledge base. */
export function CitationDialog({ c, onClose }: { c: Citation; onClose: () => void }) {
  const [doc, setDoc] = useState<DocumentItem | null>(null);
  useEffect(() => {
    get<DocumentItem>(`/api/v1/documents/${c.documentId}`)
      .then(setDoc)
      .catch(() => setDoc(null));
  }, [c.documentId]);
  return (
    <Dialog title={`Source ${c.n}: ${c.filename ?? 'document'}`} onClose={onClose}>
      {c.page ? <p className="muted">Page {c.page}</p> : null}
      <blockquote className="passage">{c.snippet || 'No passage text was cited.'}</blockquote>
      {doc && (
        <p>
          <Link to={citationLink(doc.knowledgeBaseId, c)} onClick={onClose}>
            {c.page ? `Open the document at page ${c.page}` : 'Open the document at the passage'}
          </Link>
        </p>
      )}
    </Dialog>
  );
}
