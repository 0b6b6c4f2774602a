import { useCallback, useEffect, useMemo, useState } from 'react';
import { get } from '../api/client';
import type { DocumentItem, Page } from '../api/model';

/** A heading of a document (`GET /api/v1/knowledge-bases/{kbId}/sections`, served by retrieval-service). */
export interface Section {
  documentId: string;
  filename: string;
  section: string;
}

/** Headings that say nothing about the content: no question is made of them. */
const GENERIC = /^(contents|table of contents|index|introduction|overview|summary|preface|appendix( [a-z0-9]+)?|page \d+|\d+)$/i;

/** A document as a reader names it: "travel-policy.md" → "the travel policy", "Q3_Report.pdf" → "the Q3 Report". */
export function documentName(filename: string): string {
  const base = filename
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .replace(/[-_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!base) return filename;
  return /^the\b/i.test(base) ? base : `the ${base}`;
}

/**
 * A heading as the topic of a question: the last step of a breadcrumb ("Travel policy > Flights" → "Flights"),
 * lower case when it is all capitals, its first letter lowered when nothing else in it is a capital ("Opening hours"
 * → "opening hours"; "EU Travel" stays).
 */
function topicOf(section: string): string {
  const steps = section.split(/\s+[>›»]\s+/).map((x) => x.trim()).filter(Boolean);
  const last = steps.length ? steps[steps.length - 1] : section;
  if (last === last.toUpperCase()) return last.toLowerCase();
  const rest = last.slice(1);
  return rest === rest.toLowerCase() ? last.charAt(0).toLowerCase() + rest : last;
}

/**
 * Up to {@code max} first questions from the documents' headings, one document after another so each document gets
 * a turn: "What does the guide say about opening hours?". Generic and numbering-only headings are skipped.
 */
export function questionsFrom(sections: Section[], max = 4): string[] {
  const byDoc = new Map<string, Section[]>();
  // a document's own title (its one top heading above the others) is no topic: "What does the employee handbook
  // say about Northwind Employee Handbook?"
  const deeper = new Set(sections.filter((s) => /\s[>›»]\s/.test(s.section)).map((s) => s.documentId));
  for (const s of sections) {
    if (deeper.has(s.documentId) && !/\s[>›»]\s/.test(s.section)) continue;
    const title = topicOf(s.section.replace(/^[\d.\s]+/, '').replace(/[:.\s]+$/, '').trim())
      .replace(/^[\d.\s]+/, '')
      .trim();
    if (title.length < 3 || title.length > 80 || GENERIC.test(title)) continue;
    const named = documentName(s.filename).replace(/^the /i, '').toLowerCase();
    // a name of several words met in the heading is the title again; a one-word name only when it is all of it
    const t = title.toLowerCase();
    if (named.length >= 3 && (named.includes(' ') ? t.includes(named) : t === named)) continue;
    byDoc.set(s.documentId, [...(byDoc.get(s.documentId) ?? []), { ...s, section: title }]);
  }
  const out: string[] = [];
  const queues = [...byDoc.values()];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) {
      const s = q[round];
      if (!s || out.length >= max) continue;
      const question = `What does ${documentName(s.filename)} say about ${s.section}?`;
      if (!out.includes(question)) out.push(question);
    }
  }
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The suggested first questions for some knowledge bases; none where the server has no headings (or no endpoint).
 * They are asked for again when {@code refreshKey} changes; headings of the {@code without} documents (deleted, while
 * the server may still list them for a moment) are left out.
 */
export function useSuggestedQuestions(
  kbIds: string[],
  refreshKey: unknown = null,
  without: ReadonlySet<string> = NONE,
): string[] {
  const [sections, setSections] = useState<Section[]>([]);
  const key = kbIds.slice(0, 5).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map((id) => get<Page<Section>>(`/api/v1/knowledge-bases/${id}/sections?limit=20`).then((p) => p.items, () => [] as Section[])),
    ).then((lists) => {
      if (live) setSections(lists.flat());
    });
    return () => {
      live = false;
    };
  }, [key, refreshKey]);
  return useMemo(() => questionsFrom(sections.filter((s) => !without.has(s.documentId))), [sections, without]);
}

/**
 * One knowledge base's suggested questions, in step with its document table: asked again whenever the indexed
 * documents change (one more indexed, one deleted), once any is. Documents deleted here ({@code forget}) that are gone
 * from the table are left out even while the server still lists their headings.
 */
export function useDocumentSuggestions(kbId: string, docs: DocumentItem[] | null) {
  const indexed = (docs ?? []).filter((d) => d.status === 'INDEXED').map((d) => d.id);
  const [deleted, setDeleted] = useState<string[]>([]);
  const gone = useMemo(() => new Set(deleted.filter((id) => !docs?.some((d) => d.id === id))), [deleted, docs]);
  const questions = useSuggestedQuestions(indexed.length ? [kbId] : [], indexed.join(','), gone);
  const forget = useCallback((ids: string[]) => setDeleted((d) => [...d, ...ids]), []);
  return { questions, forget };
}
