import { raw } from '../api/client';
import type { DocumentItem } from '../api/model';

/** Saves a document's original file under its own name. */
export async function downloadDocument(d: DocumentItem): Promise<void> {
  const res = await raw(`/api/v1/documents/${d.id}/content`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = d.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
