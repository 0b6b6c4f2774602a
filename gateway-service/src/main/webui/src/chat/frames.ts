/**
 * The frames of /ws/chat (and of the SSE message stream), as docs/API.md lists them. These types mirror the records
 * of contracts' `dev.quire.contracts.chat` (ClientFrame, ServerFrame, Citation); FrameContractTest in gateway-service
 * fails when a frame type or field differs.
 */
export interface Citation {
  n: number;
  documentId: string;
  chunkId?: string;
  filename?: string;
  page?: number | null;
  snippet?: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

interface Base {
  id?: string;
  seq?: number;
}

export type Frame = Base &
  (
    | { type: 'conversation'; conversationId: string; messageId?: string }
    | { type: 'step'; name: string; progress?: number; detail?: string }
    | { type: 'tool_call'; name: string; arguments?: unknown }
    | { type: 'token'; delta: string }
    | { type: 'chart'; spec: unknown }
    | { type: 'citations'; items: Citation[]; unsupported?: number[] }
    | { type: 'done'; messageId?: string; usage?: Usage; finishReason?: string }
    | { type: 'error'; code: string; message?: string; retryAfterSeconds?: number }
    | { type: 'pong' }
  );

/** What a client sends (the gateway alone sets a user_message's reservation). */
export type ClientFrame =
  | {
      type: 'user_message';
      id: string;
      content: string;
      conversationId?: string;
      knowledgeBaseIds?: string[];
      maxTokens?: number;
      /** Names the conversation's last question or answer, whose exchange this one replaces (regenerate, edit). */
      replaces?: string;
      /** A W3C traceparent value; the turn joins the client's trace (the gateway forwards its own span's instead). */
      traceparent?: string;
    }
  | { type: 'cancel'; id: string }
  | { type: 'ping'; id?: string }
  | { type: 'auth'; token: string };

/** A client frame as the socket sends it. */
export function encode(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

export const STEPS = ['analyzing', 'searching', 'reading', 'generating', 'validating'] as const;

export const STEP_LABELS: Record<string, string> = {
  analyzing: 'Analysing',
  searching: 'Searching',
  reading: 'Reading',
  generating: 'Generating',
  validating: 'Validating',
};
