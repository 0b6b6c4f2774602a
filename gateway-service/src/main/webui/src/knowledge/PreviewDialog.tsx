import { useEffect, useState } from 'react';
import { describe, raw } from '../api/client';
import type { DocumentItem } from '../api/types';
import { Dialog } from '../ui/Dialog';

/** A document's metadata and its extracted text. */
export function PreviewDialog({ doc, onClose }: { doc: DocumentItem; onClose: () => void }) {
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
      .catch((e) => setText(describe(e, 'A text preview is not available yet.')));
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
