import { SpecChart } from '../charts/Chart';
import { Markdown } from '../markdown/Markdown';
import { AnswerActions } from './AnswerActions';
import type { Citation } from './frames';
import { hasGap, type StreamMessage } from './reducer';
import { Sources } from './Sources';
import { Steps } from './Steps';
import { StreamError } from './StreamError';

function summarize(args: unknown): string {
  if (!args || typeof args !== 'object') return '';
  const a = args as Record<string, unknown>;
  if (typeof a.query === 'string') return `“${a.query}”`;
  return JSON.stringify(args).slice(0, 120);
}

/** What a person reads for the agent's tools (chat-agent's KnowledgeTools); another name is shown as it is. */
const TOOL_LABELS: Record<string, string> = {
  search_knowledge_base: 'Searched the documents for',
  get_document: 'Read a document',
  create_chart: 'Drew a chart',
};

/** An answer as it streams: steps, tool calls, text, charts, sources, then usage and its actions. */
export function Live(props: { m: StreamMessage; onCite: (c: Citation) => void; onRetry: () => void; onRegenerate?: () => void }) {
  const { m, onCite, onRetry, onRegenerate } = props;
  return (
    <>
      <article className="msg assistant" data-status={m.status} data-message-id={m.messageId} aria-busy={m.status === 'streaming'}>
        {m.status === 'streaming' && <Steps m={m} />}
        {m.toolCalls.length > 0 && (
          <ul className="tools" aria-label="Tool calls">
            {m.toolCalls.map((t, i) => (
              <li key={i} title={t.name}>
                {TOOL_LABELS[t.name] ?? <code>{t.name}</code>} {summarize(t.arguments)}
              </li>
            ))}
          </ul>
        )}
        <Markdown text={m.content} citations={m.citations} onCite={onCite} />
        {m.status === 'streaming' && <span className="cursor" aria-hidden="true" />}
        {m.charts.map((c, i) => (
          <SpecChart key={i} spec={c} />
        ))}
        <Sources citations={m.citations} onCite={onCite} />
        {hasGap(m) && m.status === 'done' && <p className="muted">Part of the stream was lost; reloading the answer…</p>}
        {m.status === 'done' && m.finishReason && m.finishReason !== 'stop' && (
          <p className="muted">Answer ended: {m.finishReason === 'length' ? 'token budget reached' : m.finishReason}</p>
        )}
        {m.status === 'error' && m.error && <StreamError error={m.error} onRetry={onRetry} />}
        {m.status === 'interrupted' && (
          <p className="error" role="alert">
            The connection dropped before the answer finished.{' '}
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          </p>
        )}
        {m.status === 'done' && m.usage && (
          <p className="usage muted">
            {m.usage.promptTokens} prompt + {m.usage.completionTokens} completion tokens
          </p>
        )}
        {m.status === 'done' && (
          <AnswerActions content={m.content} citations={m.citations} messageId={m.messageId} onRegenerate={onRegenerate} />
        )}
      </article>
    </>
  );
}
