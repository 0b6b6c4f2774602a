import type { Citation, Frame, Usage } from './frames';
import { STEPS } from './frames';

/** One assistant answer as it is being streamed (or as loaded from the conversation). */
export interface StreamMessage {
  clientId: string;
  question: string;
  conversationId?: string;
  messageId?: string;
  /** The stored message this answer's exchange replaces (regenerate, edit and resend). */
  replaces?: string;
  content: string;
  step?: string;
  progress: number;
  stepDetail?: string;
  stepsSeen: string[];
  toolCalls: { name: string; arguments?: unknown }[];
  charts: unknown[];
  citations: Citation[];
  status: 'streaming' | 'done' | 'error' | 'interrupted';
  finishReason?: string;
  usage?: Usage;
  error?: { code: string; message: string; retryAfterSeconds?: number };
  /** The seq the next frame must carry. */
  nextSeq: number;
  /** Seq numbers that never arrived (the rendered text may miss tokens: reload the stored message). */
  missing: number[];
}

export function startMessage(clientId: string, question: string): StreamMessage {
  return {
    clientId,
    question,
    content: '',
    progress: 0,
    stepsSeen: [],
    toolCalls: [],
    charts: [],
    citations: [],
    status: 'streaming',
    nextSeq: 0,
    missing: [],
  };
}

export const hasGap = (m: StreamMessage) => m.missing.length > 0;

/** Overall progress over the five steps, so the bar moves forward across steps. */
function overall(step: string, progress: number): number {
  const i = STEPS.indexOf(step as (typeof STEPS)[number]);
  if (i < 0) return progress;
  return Math.min(1, (i + Math.max(0, Math.min(1, progress))) / STEPS.length);
}

/**
 * Applies one frame of the message's stream. Frames are in seq order without gaps: a repeated or older seq is
 * ignored; a jump records the missing seqs (the frame itself still applies). Nothing applies after done/error.
 */
export function reduce(m: StreamMessage, f: Frame): StreamMessage {
  if (f.type === 'pong') return m;
  if (m.status === 'done' || m.status === 'error') return m;
  let next = m;
  if (typeof f.seq === 'number') {
    if (f.seq < m.nextSeq) return m;
    const missing = m.missing.slice();
    for (let s = m.nextSeq; s < f.seq; s++) missing.push(s);
    next = { ...m, nextSeq: f.seq + 1, missing };
  } else {
    next = { ...m };
  }
  switch (f.type) {
    case 'conversation':
      return { ...next, conversationId: f.conversationId, messageId: f.messageId ?? next.messageId };
    case 'step': {
      const stepsSeen = next.stepsSeen.includes(f.name) ? next.stepsSeen : [...next.stepsSeen, f.name];
      return {
        ...next,
        step: f.name,
        stepDetail: f.detail,
        stepsSeen,
        progress: Math.max(next.progress, overall(f.name, f.progress ?? 0)),
      };
    }
    case 'tool_call':
      return { ...next, toolCalls: [...next.toolCalls, { name: f.name, arguments: f.arguments }] };
    case 'token':
      return { ...next, content: next.content + (f.delta ?? '') };
    case 'chart':
      return { ...next, charts: [...next.charts, f.spec] };
    case 'citations':
      return { ...next, citations: f.items ?? [] };
    case 'done':
      return {
        ...next,
        status: 'done',
        messageId: f.messageId ?? next.messageId,
        usage: f.usage,
        finishReason: f.finishReason,
        progress: 1,
        step: undefined,
      };
    case 'error':
      return {
        ...next,
        status: 'error',
        step: undefined,
        error: { code: f.code, message: f.message ?? f.code, retryAfterSeconds: f.retryAfterSeconds },
      };
    default:
      return next;
  }
}

/** Marks a stream whose connection dropped before its done/error frame. */
export function interrupt(m: StreamMessage): StreamMessage {
  return m.status === 'streaming' ? { ...m, status: 'interrupted', step: undefined } : m;
}
