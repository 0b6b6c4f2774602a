// Finding a cited passage in a document's text: the citation carries the part of its chunk the answer draws on (the
// snippet, up to 280 characters from one of the chunk's sentences, "…" where the chunk goes on before or after it), and the chunk was cleaned before indexing (running headers dropped, hyphenation
// repaired, white space changed), so an exact search in the extracted text or a PDF page's text often fails. The
// search is therefore on words: white space and case ignored, the longest run of the snippet's leading words that
// occurs, starting at one of its first few words (a chunk may begin with a heading the text lays out elsewhere).

/** A range of characters [start, end) in the searched text. */
export interface Range {
  start: number;
  end: number;
}

/** Fewest words a match must span to count: two words are found by chance in any long text. */
const MIN_WORDS = 3;
/** Leading snippet words that may be skipped to find a start (a heading, a dropped page header). */
const MAX_SKIP = 6;

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(s: string): Word[] {
  const out: Word[] = [];
  for (const m of s.matchAll(/\S+/g)) {
    out.push({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The cited snippet without the ellipses that mark it as cut (the last word may be cut too). */
function snippetWords(snippet: string): string[] {
  const cut = /…\s*$/.test(snippet);
  const ws = words(snippet.replace(/^\s*…/, '').replace(/…\s*$/, '')).map((w) => w.text);
  return cut && ws.length > MIN_WORDS ? ws.slice(0, -1) : ws;
}

/** Text words a resync may skip: a running header or page number the chunk's cleaned text no longer has. */
const GAP_TEXT = 12;
/** Snippet words a resync may skip: a word the cleaning changed ("decod- ing" → "decoding"). */
const GAP_SNIPPET = 4;

/**
 * Where the passage that starts with {@code snippet} lies in {@code text}: from the first matched word to the last,
 * in the text's own characters; null when fewer than {@value MIN_WORDS} consecutive words of the snippet occur.
 * After a mismatch the match goes on where two consecutive words agree again within a few words (what cleaning
 * removed or joined), so a whole chunk is marked across a dropped page header.
 */
export function findPassage(text: string, snippet: string): Range | null {
  const want = snippetWords(snippet);
  if (want.length === 0) return null;
  const have = words(text);
  const min = Math.min(MIN_WORDS, want.length);
  let best: { at: number; skip: number; len: number } | null = null;
  for (let skip = 0; skip <= Math.min(MAX_SKIP, want.length - min); skip++) {
    for (let i = 0; i < have.length; i++) {
      if (have[i].text !== want[skip]) continue;
      let len = 1;
      while (i + len < have.length && skip + len < want.length && have[i + len].text === want[skip + len]) len++;
      if (len >= min && (!best || len > best.len)) best = { at: i, skip, len };
    }
    // the earliest start that matches well wins: a later one only if nothing matched from here
    if (best) break;
  }
  if (!best) return null;
  let t = best.at + best.len;
  let w = best.skip + best.len;
  let last = t - 1;
  while (w < want.length - 1 && t < have.length - 1) {
    const next = resync(have, t, want, w);
    if (!next) break;
    [t, w] = next;
    while (t < have.length && w < want.length && have[t].text === want[w]) {
      t++;
      w++;
    }
    last = t - 1;
  }
  return { start: have[best.at].start, end: have[last].end };
}

/** The nearest text and snippet positions from (t, w) where two consecutive words agree again, or null. */
function resync(have: Word[], t: number, want: string[], w: number): [number, number] | null {
  for (let gap = 0; gap <= GAP_TEXT + GAP_SNIPPET; gap++) {
    for (let ds = 0; ds <= Math.min(gap, GAP_SNIPPET); ds++) {
      const dt = gap - ds;
      if (dt > GAP_TEXT) continue;
      const a = t + dt;
      const b = w + ds;
      if (a + 1 < have.length && b + 1 < want.length && have[a].text === want[b] && have[a + 1].text === want[b + 1]) {
        return [a, b];
      }
    }
  }
  return null;
}

/**
 * The pieces of a text (a PDF page's text items, in reading order) that the passage covers: their indexes. The
 * pieces are searched as one text, joined with spaces.
 */
export function coveredPieces(pieces: string[], snippet: string): number[] {
  const starts: number[] = [];
  let text = '';
  for (const p of pieces) {
    starts.push(text.length);
    text += p + ' ';
  }
  const r = findPassage(text, snippet);
  if (!r) return [];
  const out: number[] = [];
  pieces.forEach((p, i) => {
    const s = starts[i];
    if (p.trim() && s < r.end && s + p.length > r.start) out.push(i);
  });
  return out;
}

/** A box on a rendered page, in percent of the page's width and height (so it scales with the canvas). */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where a PDF text item lies on the rendered page. {@code view} is the page viewport's transform (PDF units to
 * pixels), {@code item} the item's text matrix, {@code width} its width in PDF units, {@code scale} the viewport's
 * scale, and {@code pageWidth}/{@code pageHeight} the viewport's size in pixels.
 */
export function itemBox(
  view: number[],
  item: number[],
  width: number,
  scale: number,
  pageWidth: number,
  pageHeight: number,
): Box {
  // the item's matrix in viewport pixels (view × item): its origin is the baseline's left end
  const c = view[0] * item[2] + view[2] * item[3];
  const d = view[1] * item[2] + view[3] * item[3];
  const x = view[0] * item[4] + view[2] * item[5] + view[4];
  const y = view[1] * item[4] + view[3] * item[5] + view[5];
  const height = Math.hypot(c, d);
  const pct = (v: number, of: number) => (100 * v) / of;
  return {
    left: pct(x, pageWidth),
    // the glyphs stand on the baseline: the box reaches a font size above it, plus a little below for descenders
    top: pct(y - height, pageHeight),
    width: pct(width * scale, pageWidth),
    height: pct(height * 1.2, pageHeight),
  };
}

/**
 * The scrollTop that centres a marked passage inside a scrolling box, from their client rectangles: the box's
 * scroll position changes, the page's does not. Never below 0 (the browser clamps the top end itself).
 */
export function centredScrollTop(mark: { top: number; height: number }, box: { top: number; scrollTop: number; clientHeight: number }) {
  return Math.max(0, Math.round(mark.top - box.top + box.scrollTop - (box.clientHeight - mark.height) / 2));
}
