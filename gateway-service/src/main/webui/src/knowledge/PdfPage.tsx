import { useEffect, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { raw } from '../api/client';
import { coveredPieces, itemBox, type Box } from './passage';

/** Rendering width in CSS pixels times the device's pixel ratio: sharp on the dialog's widest layout. */
const RENDER_WIDTH = 900;

/**
 * A PDF document's cited page, rendered from its original bytes with pdf.js, with the cited passage's text items
 * marked; Previous/Next turn the pages. Loaded lazily (pdf.js is about 130 kB gzipped, plus its worker): only a citation of a PDF pulls it in.
 * {@code onFailed} reports that the page could not be shown, so the caller falls back to the extracted text.
 */
export default function PdfPage(props: { documentId: string; page: number; passage: string; onFailed: (why: string) => void }) {
  const { documentId, page, passage, onFailed } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  // the rendered page: its number, the document's page count, and its text items placed on the canvas
  const [shown, setShown] = useState<{ page: number; of: number; items: { str: string; box: Box }[] } | null>(null);
  const firstBox = useRef<HTMLSpanElement>(null);

  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  // the page on screen: the cited one first, then wherever Previous/Next lead
  const [at, setAt] = useState(page);
  useEffect(() => setAt(page), [page]);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    setPdf(null);
    (async () => {
      const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const data = await (await raw(`/api/v1/documents/${documentId}/content`)).arrayBuffer();
      // no eval and no WebAssembly: the gateway's CSP allows neither
      const task = pdfjs.getDocument({ data, isEvalSupported: false, useWasm: false });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      if (!cancelled) setPdf(doc);
    })().catch((e: unknown) => {
      if (!cancelled) onFailed(e instanceof Error ? e.message : String(e));
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [documentId]);

  useEffect(() => {
    if (!pdf) return;
    let cancelled = false;
    let cancelRender: (() => void) | undefined;
    (async () => {
      const n = Math.min(Math.max(1, at), pdf.numPages);
      const p = await pdf.getPage(n);
      const base = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (RENDER_WIDTH * (window.devicePixelRatio || 1)) / base.width });
      const el = canvas.current;
      if (cancelled || !el) return;
      el.width = Math.floor(viewport.width);
      el.height = Math.floor(viewport.height);
      const task = p.render({ canvas: el, viewport });
      cancelRender = () => task.cancel();
      await task.promise;
      const text = await p.getTextContent();
      const items = text.items
        .filter((i) => 'str' in i)
        .map((i) => ({ str: i.str, box: itemBox(viewport.transform, i.transform, i.width, viewport.scale, viewport.width, viewport.height) }));
      if (!cancelled) setShown({ page: n, of: pdf.numPages, items });
    })().catch((e: unknown) => {
      // a render cancelled by turning the page is not a failure
      if (!cancelled) onFailed(e instanceof Error ? e.message : String(e));
    });
    return () => {
      cancelled = true;
      cancelRender?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pdf, at]);

  // the passage may grow (the snippet first, then the whole chunk): marked again without rendering the page again
  // (only on the cited page: elsewhere the passage's first words would be found by chance)
  const cited = shown?.page === Math.min(Math.max(1, page), shown?.of ?? page);
  const boxes = useMemo(
    () => (shown && cited ? coveredPieces(shown.items.map((i) => i.str), passage).map((i) => shown.items[i].box) : null),
    [shown, cited, passage],
  );

  // at the passage once it is marked (the page's top when nothing on it matched)
  const firstAt = boxes?.[0]?.top;
  useEffect(() => {
    if (!shown || !cited) return;
    (firstBox.current ?? canvas.current)?.scrollIntoView?.({ block: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown?.page, firstAt]);

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
      <figcaption className="muted pdf-nav">
        <button type="button" onClick={() => setAt((shown?.page ?? at) - 1)} disabled={!shown || shown.page <= 1}>
          Previous page
        </button>
        <span>
          {shown ? `Page ${shown.page} of ${shown.of}` : 'Rendering the page…'}
          {shown && !cited ? ' · ' : ''}
          {shown && !cited && (
            <button type="button" className="link" onClick={() => setAt(page)}>
              back to the cited page {page}
            </button>
          )}
          {boxes && !boxes.length ? ' · the passage was not found on this page; it is marked in the extracted text below' : ''}
        </span>
        <button type="button" onClick={() => setAt((shown?.page ?? at) + 1)} disabled={!shown || shown.page >= shown.of}>
          Next page
        </button>
      </figcaption>
    </figure>
  );
}
