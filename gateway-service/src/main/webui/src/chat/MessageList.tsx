import { useEffect, useRef, type ReactNode } from 'react';
import type { Thread } from '../api/model';
import type { Citation } from './frames';
import { Live } from './LiveMessage';
import { Question } from './Question';
import type { StreamMessage } from './reducer';
import { StoredMessage } from './StoredMessage';
import type { LastExchange } from './useChat';

/** What screen readers hear about the newest answer: that it is being written, then its text once finished. */
function announcement(streams: StreamMessage[]): string {
  const m = streams[streams.length - 1];
  if (!m) return '';
  if (m.status === 'streaming') return 'Writing the answer…';
  if (m.status === 'done') return `Answer: ${m.content}`;
  if (m.status === 'error') return `The answer failed: ${m.error?.message ?? ''}`;
  return 'The connection dropped before the answer finished.';
}

/**
 * The thread's saved messages, then its streaming answers; keeps the newest in view. The list itself is a focusable
 * region (arrow keys scroll it); the streamed text is not live (a screen reader would read every token), a separate
 * polite status announces "writing", then the finished answer. The last exchange offers Regenerate and Edit.
 */
export function MessageList(props: {
  thread: Thread | null;
  streams: StreamMessage[];
  streaming: boolean;
  onCite: (c: Citation) => void;
  onRetry: (m: StreamMessage) => void;
  last?: LastExchange | null;
  onRegenerate?: () => void;
  onEdit?: (question: string) => void;
  editing?: boolean;
  onEditing?: (on: boolean) => void;
  /** Shown instead of the usual prompt while the thread has no messages (the workspace's empty state). */
  empty?: ReactNode;
}) {
  const { thread, streams, streaming, onCite, onRetry, last, onRegenerate, onEdit, editing, onEditing, empty } = props;
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [streams, thread]);
  const question = (key: string, text: string) => {
    const isLast = last?.questionKey === key && !!onEdit;
    return (
      <Question
        key={key}
        text={text}
        onEdit={isLast ? onEdit : undefined}
        editing={isLast && editing}
        onEditing={onEditing}
      />
    );
  };
  const regen = (key: string | undefined) => (key && last?.answerKey === key ? onRegenerate : undefined);
  return (
    <div className="messages" role="region" aria-label="Messages" tabIndex={0} aria-busy={streaming}>
      {thread?.messages.map((m) =>
        m.role === 'user' ? question(m.id, m.content) : <StoredMessage key={m.id} m={m} onCite={onCite} onRegenerate={regen(m.id)} />,
      )}
      {streams.map((m) => [
        question(`q-${m.clientId}`, m.question),
        <Live key={`a-${m.clientId}`} m={m} onCite={onCite} onRetry={() => onRetry(m)} onRegenerate={regen(`a-${m.clientId}`)} />,
      ])}
      {!thread?.messages.length &&
        !streams.length &&
        (empty ?? <p className="muted empty">Ask a question about your knowledge bases.</p>)}
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="answer-status">
        {announcement(streams)}
      </div>
      <div ref={bottom} />
    </div>
  );
}
