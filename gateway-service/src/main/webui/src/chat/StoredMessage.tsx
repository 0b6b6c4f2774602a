import type { StoredMessage as Message } from '../api/types';
import { Markdown } from '../markdown/Markdown';
import { Feedback } from './Feedback';
import type { Citation } from './frames';
import { Sources } from './Sources';

/** A saved message of the thread: the question, or the answer with its sources and feedback. */
export function StoredMessage({ m, onCite }: { m: Message; onCite: (c: Citation) => void }) {
  if (m.role === 'user') return <div className="msg user">{m.content}</div>;
  return (
    <article className="msg assistant">
      <Markdown text={m.content} citations={m.citations ?? []} onCite={onCite} />
      <Sources citations={m.citations ?? []} onCite={onCite} />
      {m.finishReason && m.finishReason !== 'stop' && <p className="muted">Answer ended: {m.finishReason}</p>}
      <Feedback messageId={m.id} />
    </article>
  );
}
