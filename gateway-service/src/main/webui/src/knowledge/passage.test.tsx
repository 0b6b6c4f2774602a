import type { ComponentProps } from 'react';
import { act, render, screen } from '@testing-library/react';
import { citationLink } from '../chat/CitationDialog';
import { DocumentDrawer, ExtractedText } from './DocumentDrawer';
import { centredScrollTop, coveredPieces, findPassage, itemBox } from './passage';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const TEXT = [
  'Zlib manual',
  '',
  'Return codes',
  'inflate() returns Z_BUF_ERROR if no progress was possible',
  'or if there was not enough room in the output buffer.',
  '',
  'ASN.1',
  'The function asn1_der_decoding decodes a DER encoded value.',
].join('\n');

/** Opens the document drawer of a document `d1` of this name and type at a citation. */
async function openCited(filename: string, contentType: string, cite: ComponentProps<typeof DocumentDrawer>['cite']) {
  const doc = { id: 'd1', knowledgeBaseId: 'kb1', filename, contentType, status: 'INDEXED', sizeBytes: 10, createdAt: '2026-12-05T10:00:00Z' };
  await act(async () => {
    render(<DocumentDrawer doc={doc as never} history={[]} canReprocess={false} onReprocessed={() => undefined} onClose={() => undefined} cite={cite} />);
  });
}

describe('finding a cited passage', () => {
  it('finds the snippet across line breaks and other white space', () => {
    const r = findPassage(TEXT, 'inflate() returns Z_BUF_ERROR if no progress was possible or if there was not enough room');
    expect(r).not.toBeNull();
    expect(TEXT.slice(r!.start, r!.end)).toBe('inflate() returns Z_BUF_ERROR if no progress was possible\nor if there was not enough room');
  });

  it('drops the ellipsis and the cut last word of a shortened snippet', () => {
    const r = findPassage(TEXT, 'The function asn1_der_decoding decodes a DER enc…');
    expect(TEXT.slice(r!.start, r!.end)).toBe('The function asn1_der_decoding decodes a DER');
  });

  it('drops the leading ellipsis of a snippet taken from inside its chunk', () => {
    const r = findPassage(TEXT, '…The function asn1_der_decoding decodes a DER enc…');
    expect(TEXT.slice(r!.start, r!.end)).toBe('The function asn1_der_decoding decodes a DER');
  });

  it('ignores case and skips a leading heading the text lays out elsewhere', () => {
    const r = findPassage(TEXT, 'Chapter 9 RETURN codes inflate() returns z_buf_error');
    expect(TEXT.slice(r!.start, r!.end)).toBe('Return codes\ninflate() returns Z_BUF_ERROR');
  });

  it('prefers the longest match over an earlier short one', () => {
    const text = 'the output buffer is small. Later: the output buffer was not large enough for the data.';
    const r = findPassage(text, 'the output buffer was not large enough');
    expect(text.slice(r!.start, r!.end)).toBe('the output buffer was not large enough');
  });

  it('goes on across a running header and a hyphenated word the chunk no longer has', () => {
    const text =
      'Before. The stream can continue after a buffer error.\nZlib Manual Page 7\nThe caller provides more out-\nput space and calls inflate again. After.';
    const chunk = 'The stream can continue after a buffer error. The caller provides more output space and calls inflate again.';
    const r = findPassage(text, chunk);
    expect(text.slice(r!.start, r!.end)).toBe(
      'The stream can continue after a buffer error.\nZlib Manual Page 7\nThe caller provides more out-\nput space and calls inflate again.',
    );
  });

  it('stops at the end of what matches, not at a chance word far away', () => {
    const text = 'The stream can continue after a buffer error. ' + 'Unrelated words follow here for a long while now. '.repeat(3) + 'calls inflate again';
    const r = findPassage(text, 'The stream can continue after a buffer error. The caller calls inflate again');
    expect(text.slice(r!.start, r!.end)).toBe('The stream can continue after a buffer error.');
  });

  it('finds nothing for a passage that is not in the text, or for two chance words', () => {
    expect(findPassage(TEXT, 'refund policy for enterprise customers')).toBeNull();
    expect(findPassage(TEXT, 'room in Paris today')).toBeNull();
    expect(findPassage(TEXT, '')).toBeNull();
  });

  it('marks the PDF text items the passage covers, and only those', () => {
    const items = ['Return codes', '', 'inflate() returns Z_BUF_ERROR', 'if no progress was possible', 'Other text here'];
    expect(coveredPieces(items, 'inflate() returns Z_BUF_ERROR if no progress was possible')).toEqual([2, 3]);
    expect(coveredPieces(items, 'nothing of this is there')).toEqual([]);
  });

  it('places a text item on the rendered page in percent of its size', () => {
    // pdf.js's viewport transform at scale 2 for a 600×800 page: y flipped, origin at the top left
    const view = [2, 0, 0, -2, 0, 1600];
    // a 12 pt item whose baseline starts at (72, 700), 100 units wide
    const box = itemBox(view, [12, 0, 0, 12, 72, 700], 100, 2, 1200, 1600);
    expect(box.left).toBeCloseTo((100 * 144) / 1200);
    expect(box.top).toBeCloseTo((100 * (1600 - 1400 - 24)) / 1600);
    expect(box.width).toBeCloseTo((100 * 200) / 1200);
    expect(box.height).toBeCloseTo((100 * 24 * 1.2) / 1600);
  });

  it('centres a mark inside its scrolling box', () => {
    // the mark 900 px below the box's top, box 300 px high already scrolled by 100
    expect(centredScrollTop({ top: 1000, height: 20 }, { top: 100, scrollTop: 100, clientHeight: 300 })).toBe(860);
    expect(centredScrollTop({ top: 110, height: 20 }, { top: 100, scrollTop: 0, clientHeight: 300 })).toBe(0);
  });
});

describe('the citation link', () => {
  it('carries the page and the passage', () => {
    const link = citationLink('kb1', { n: 1, documentId: 'd1', chunkId: 'c7', page: 3, snippet: 'Z_BUF_ERROR & more…' });
    const url = new URL(link, 'http://x');
    expect(url.pathname).toBe('/knowledge/kb1');
    expect(url.searchParams.get('doc')).toBe('d1');
    expect(url.searchParams.get('page')).toBe('3');
    expect(url.searchParams.get('passage')).toBe('Z_BUF_ERROR & more…');
    expect(url.searchParams.get('chunk')).toBe('c7');
  });
});

describe('the extracted text at a citation', () => {
  it('marks the passage and scrolls to it', () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    render(<ExtractedText text={TEXT} passage="The function asn1_der_decoding decodes" reveal />);
    const mark = screen.getByTestId('cited-text');
    expect(mark.textContent).toBe('The function asn1_der_decoding decodes');
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(scrolled.mock.contexts[0]).toBe(mark);
    // the whole text is still there around the mark
    expect(screen.getByRole('region', { name: 'Extracted text' }).textContent).toContain('Zlib manual');
  });

  it('scrolls only inside its box when a rendered page shows the passage', () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    render(<ExtractedText text={TEXT} passage="The function asn1_der_decoding decodes" reveal={false} />);
    expect(screen.getByTestId('cited-text')).toBeTruthy();
    expect(scrolled).not.toHaveBeenCalled();
  });

  it('says so when the passage is not in the text, and marks nothing', () => {
    render(<ExtractedText text={TEXT} passage="refund policy for enterprise customers" reveal />);
    expect(screen.queryByTestId('cited-text')).toBeNull();
    expect(screen.getByText('The cited passage was not found in the extracted text.')).toBeTruthy();
  });

  it('marks the whole cited chunk once a search narrowed to the document finds it', async () => {
    Element.prototype.scrollIntoView = vi.fn();
    const searched: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        const json = (v: unknown) => new Response(JSON.stringify(v), { headers: { 'Content-Type': 'application/json' } });
        if (url.endsWith('/text')) return new Response(TEXT, { headers: { 'Content-Type': 'text/plain' } });
        if (url === '/api/v1/search') {
          searched.push(JSON.parse(String(init?.body)));
          return json({
            results: [
              { chunkId: 'c1', text: 'Zlib manual', score: 0.5 },
              { chunkId: 'c2', text: 'inflate() returns Z_BUF_ERROR if no progress was possible or if there was not enough room in the output buffer.', score: 0.4 },
            ],
          });
        }
        return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    await openCited('zlib.txt', 'text/plain', { passage: 'inflate() returns Z_BUF_ERROR if no…', chunkId: 'c2' });
    // (the chunk preview searches for the file name's words too)
    expect(searched).toContainEqual(expect.objectContaining({ query: 'inflate() returns Z_BUF_ERROR if no', documentIds: ['d1'] }));
    expect(screen.getByTestId('cited-text').textContent).toBe(
      'inflate() returns Z_BUF_ERROR if no progress was possible\nor if there was not enough room in the output buffer.',
    );
    // not a PDF: no page to render
    expect(screen.queryByTestId('pdf-page')).toBeNull();
    // the cited passage comes before what loads later (versions, chunks), which would push it out of view
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings.indexOf('Extracted text')).toBeLessThan(headings.indexOf('Versions'));
  });

  it('falls back to the marked extracted text when the PDF cannot be rendered', async () => {
    Element.prototype.scrollIntoView = vi.fn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith('/text')) return new Response(TEXT, { headers: { 'Content-Type': 'text/plain' } });
        // the original is not a PDF pdf.js can read
        if (url.endsWith('/content')) return new Response('not a pdf', { headers: { 'Content-Type': 'application/pdf' } });
        return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    await openCited('zlib.pdf', 'application/pdf', { page: 2, passage: 'inflate() returns Z_BUF_ERROR if no progress' });
    expect(screen.getByRole('heading', { name: 'Cited page 2' })).toBeTruthy();
    expect((await screen.findByTestId('pdf-fallback', {}, { timeout: 10_000 })).textContent).toContain('marked in the extracted text');
    expect(screen.getByTestId('cited-text').textContent).toBe('inflate() returns Z_BUF_ERROR if no progress');
  });
});
