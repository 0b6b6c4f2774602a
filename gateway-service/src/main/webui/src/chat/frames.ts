/** The frames of /ws/chat (and of the SSE message stream), as API.md lists them. */
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
    | { type: 'citations'; items: Citation[] }
    | { type: 'done'; messageId?: string; usage?: Usage; finishReason?: string }
    | { type: 'error'; code: string; message?: string; retryAfterSeconds?: number }
    | { type: 'pong' }
  );

export const STEPS = ['analyzing', 'searching', 'reading', 'generating', 'validating'] as const;

export const STEP_LABELS: Record<string, string> = {
  analyzing: 'Analysing',
  searching: 'Searching',
  reading: 'Reading',
  generating: 'Generating',
  validating: 'Validating',
};
