import { useEffect, useMemo, useRef, useState } from 'react';
import { raw } from '../api/client';
import { coveredPieces, itemBox, type Box } from './passage';

/** Rendering width in CSS pixels times the device's pixel ratio: sharp on the dialog's widest layout. */
const RENDER_WIDTH = 900;

/**
 * One page of a PDF document, rendered from its original bytes with pdf.js, with the cited passage's text items
 * marked. Loaded lazily (pdf.js is about 130 kB gzipped, plus its worker): only a citation of a PDF pulls it in.
 * {@code onFailed} reports that the page could not be shown, so the caller falls back to the extracted text.
 */
export default function PdfPage(props: { documentId: string; page: number; passage: string; onFailed: (why: string) => void }) {
  const { documentId, page, passage, onFailed } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  // the rendered page: its number, the document's page count, and its text items placed on the canvas
  const [shown, setShown] = useState<{ page: number; of: number; items: { str: string; box: Box }[] } | null>(null);
  const firstBox = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    (async () => {
      const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const data = await (await raw(`/api/v1/documents/${documentId}/content`)).arrayBuffer();
      // no eval and no WebAssembly: the gateway's CSP allows neither
      const task = pdfjs.getDocument({ data, isEvalSupported: false, useWasm: false });
      destroy = () => void task.destroy();
      const pdf = await task.promise;
      const n = Math.min(Math.max(1, page), pdf.numPages);
      const p = await pdf.getPage(n);
      const base = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (RENDER_WIDTH * (window.devicePixelRatio || 1)) / base.width });
      const el = canvas.current;
      if (cancelled || !el) return;
      el.width = Math.floor(viewport.width);
      el.height = Math.floor(viewport.height);
      await p.render({ canvas: el, viewport }).promise;
      const text = await p.getTextContent();
      const items = text.items
        .filter((i) => 'str' in i)
        .map((i) => ({ str: i.str, box: itemBox(viewport.transform, i.transform, i.width, viewport.scale, viewport.width, viewport.height) }));
      if (!cancelled) setShown({ page: n, of: pdf.numPages, items });
    })().catch((e: unknown) => {
      if (!cancelled) onFailed(e instanceof Error ? e.message : String(e));
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [documentId, page]);

  // the passage may grow (the snippet first, then the whole chunk): marked again without rendering the page again
  const boxes = useMemo(
    () => (shown ? coveredPieces(shown.items.map((i) => i.str), passage).map((i) => shown.items[i].box) : null),
    [shown, passage],
  );

  // at the passage once it is marked (the page's top when nothing on it matched)
  const firstAt = boxes?.[0]?.top;
  useEffect(() => {
    if (!shown) return;
    (firstBox.current ?? canvas.current)?.scrollIntoView?.({ block: 'center' });
  }, [shown, firstAt]);

  return (
    <figure className="pdf-page" data-testid="pdf-page" data-page={shown?.page} aria-busy={!shown}>
      <div className="pdf-canvas">
        <canvas ref={canvas} role="img" aria-label={shown ? `Page ${shown.page} of the original PDF` : 'Rendering the page…'} />
        {(boxes ?? []).map((b, i) => (
          <span
            key={i}
            ref={i === 0 ? firstBox : undefined}
            className="pdf-mark"
            data-testid="pdf-mark"
            style={{ left: `${b.left}%`, top: `${b.top}%`, width: `${b.width}%`, height: `${b.height}%` }}
          />
        ))}
      </div>
      <figcaption className="muted">
        {shown ? `Page ${shown.page} of ${shown.of}` : 'Rendering the page…'}
        {boxes && !boxes.length ? ' · the passage was not found on this page; it is marked in the extracted text below' : ''}
      </figcaption>
    </figure>
  );
}
