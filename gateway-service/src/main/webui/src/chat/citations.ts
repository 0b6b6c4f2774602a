import type { Citation } from './frames';

/** A piece of answer text: plain text, or a numbered citation marker linked to its cited passage. */
export type Segment = { kind: 'text'; text: string } | { kind: 'cite'; n: number; citation: Citation };

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * Splits text at citation markers like [1] or [1, 3]; numbers without a validated citation stay plain text, so a
 * model's invented reference never becomes a link.
 */
export function linkCitations(text: string, citations: Citation[]): Segment[] {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const out: Segment[] = [];
  let last = 0;
  const pushText = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(MARKER)) {
    const nums = match[1].split(',').map((s) => Number(s.trim()));
    if (!nums.every((n) => byN.has(n))) continue;
    pushText(text.slice(last, match.index));
    for (const n of nums) out.push({ kind: 'cite', n, citation: byN.get(n)! });
    last = match.index! + match[0].length;
  }
  pushText(text.slice(last));
  return out;
}
