import type { StoredMessage as Message } from '../api/model';
import { Markdown } from '../markdown/Markdown';
import { AnswerActions } from './AnswerActions';
import type { Citation } from './frames';
import { Sources } from './Sources';

/** A saved answer of the thread with its sources and actions (questions are {@link Question}s). */
export function StoredMessage({ m, onCite, onRegenerate }: { m: Message; onCite: (c: Citation) => void; onRegenerate?: () => void }) {
  return (
    <article className="msg assistant" data-message-id={m.id}>
      <Markdown text={m.content} citations={m.citations ?? []} onCite={onCite} />
      <Sources citations={m.citations ?? []} onCite={onCite} />
      {m.finishReason && m.finishReason !== 'stop' && <p className="muted">Answer ended: {m.finishReason}</p>}
      <AnswerActions content={m.content} citations={m.citations ?? []} messageId={m.id} onRegenerate={onRegenerate} />
    </article>
  );
}
