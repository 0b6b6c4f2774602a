import type { Thread } from '../api/model';
import type { Citation } from './frames';
import type { StreamMessage } from './reducer';

/** One message of a conversation as the page shows it: stored, or streamed in this tab. */
export interface Entry {
  /** The stored message's id (a streamed question has none; a streamed answer has its id once announced). */
  id?: string;
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  finishReason?: string;
  createdAt?: string;
}

/** The thread's stored messages, then the questions and answers streamed since (unfinished answers as they stand). */
export function transcript(thread: Thread | null, streams: StreamMessage[]): Entry[] {
  const out: Entry[] = (thread?.messages ?? []).map((m) => ({
    id: m.id,
    role: m.role === 'user' ? 'user' : 'assistant',
    content: m.content,
    citations: m.citations ?? [],
    finishReason: m.finishReason ?? undefined,
    createdAt: m.createdAt ?? undefined,
  }));
  for (const m of streams) {
    out.push({ role: 'user', content: m.question, citations: [] });
    if (m.content || m.status === 'done') {
      out.push({ id: m.messageId, role: 'assistant', content: m.content, citations: m.citations, finishReason: m.finishReason });
    }
  }
  return out;
}

function source(c: Citation): string {
  const where = (c.filename ?? 'Document') + (c.page ? `, p. ${c.page}` : '');
  const snippet = c.snippet?.replace(/\s+/g, ' ').trim();
  return `${c.n}. ${where}${snippet ? ` — “${snippet}”` : ''}`;
}

/** An answer as Markdown: its text (with its [n] markers), then its numbered sources. */
export function answerMarkdown(content: string, citations: Citation[]): string {
  const text = content.trim();
  if (!citations.length) return text;
  const sorted = [...citations].sort((a, b) => a.n - b.n);
  return `${text}\n\n**Sources**\n\n${sorted.map(source).join('\n')}`;
}

/** The whole conversation as a Markdown document: title, date, then each question and answer with its sources. */
export function toMarkdown(title: string, entries: Entry[], now: Date = new Date()): string {
  const parts = [`# ${title}`, `_Exported from Quire on ${now.toISOString().slice(0, 10)}_`];
  for (const e of entries) {
    if (e.role === 'user') {
      parts.push(`## Question\n\n${e.content.trim()}`);
    } else {
      parts.push(`## Answer\n\n${answerMarkdown(e.content, e.citations)}`);
    }
  }
  return parts.join('\n\n') + '\n';
}

/** The conversation as JSON: its header and messages in the API's shapes, plus when it was exported. */
export function toJson(thread: Thread | null, title: string, entries: Entry[], now: Date = new Date()): string {
  return (
    JSON.stringify(
      {
        id: thread?.id ?? null,
        title,
        knowledgeBaseIds: thread?.knowledgeBaseIds ?? [],
        exportedAt: now.toISOString(),
        messages: entries,
      },
      null,
      2,
    ) + '\n'
  );
}

/** A file name from the conversation's title: letters, digits and dashes only. */
export function fileName(title: string, ext: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .slice(0, 60)
    .toLowerCase();
  return `${base || 'conversation'}.${ext}`;
}

/** Saves text as a file (a blob URL on a temporary link; no request). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
