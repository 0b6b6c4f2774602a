import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { DocumentItem } from '../api/types';
import { Dialog } from '../ui/Dialog';
import { Link } from '../ui/router';
import type { Citation } from './frames';

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
          <Link to={`/knowledge/${doc.knowledgeBaseId}?doc=${doc.id}`} onClick={onClose}>
            Open the document
          </Link>
        </p>
      )}
    </Dialog>
  );
}
