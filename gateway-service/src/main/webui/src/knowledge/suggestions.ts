import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page } from '../api/model';

/** A heading of a document (`GET /api/v1/knowledge-bases/{kbId}/sections`, served by retrieval-service). */
export interface Section {
  documentId: string;
  filename: string;
  section: string;
}

/** Headings that say nothing about the content: no question is made of them. */
const GENERIC = /^(contents|table of contents|index|introduction|overview|summary|preface|appendix( [a-z0-9]+)?|page \d+|\d+)$/i;

/**
 * Up to {@code max} first questions from the documents' headings, one document after another so each document gets
 * a turn: "What does guide.pdf say about opening hours?". Generic and numbering-only headings are skipped; a heading's
 * case is kept unless it is all capitals.
 */
export function questionsFrom(sections: Section[], max = 4): string[] {
  const byDoc = new Map<string, Section[]>();
  for (const s of sections) {
    const title = s.section.replace(/^[\d.\s]+/, '').replace(/[:.\s]+$/, '').trim();
    if (title.length < 3 || title.length > 80 || GENERIC.test(title)) continue;
    byDoc.set(s.documentId, [...(byDoc.get(s.documentId) ?? []), { ...s, section: title }]);
  }
  const out: string[] = [];
  const queues = [...byDoc.values()];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) {
      const s = q[round];
      if (!s || out.length >= max) continue;
      const topic = s.section === s.section.toUpperCase() ? s.section.toLowerCase() : s.section;
      const question = `What does ${s.filename} say about ${topic}?`;
      if (!out.includes(question)) out.push(question);
    }
  }
  return out;
}

/** The suggested first questions for some knowledge bases; none where the server has no headings (or no endpoint). */
export function useSuggestedQuestions(kbIds: string[], refreshKey: unknown = null): string[] {
  const [questions, setQuestions] = useState<string[]>([]);
  const key = kbIds.slice(0, 5).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map((id) => get<Page<Section>>(`/api/v1/knowledge-bases/${id}/sections?limit=20`).then((p) => p.items, () => [] as Section[])),
    ).then((lists) => {
      if (live) setQuestions(questionsFrom(lists.flat()));
    });
    return () => {
      live = false;
    };
  }, [key, refreshKey]);
  return questions;
}
