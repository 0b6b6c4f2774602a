import { useEffect, useRef, type ReactNode } from 'react';
import type { Thread } from '../api/types';
import type { Citation } from './frames';
import { Live } from './LiveMessage';
import type { StreamMessage } from './reducer';
import { StoredMessage } from './StoredMessage';

/** The thread's saved messages, then its streaming answers; keeps the newest in view. */
export function MessageList(props: {
  thread: Thread | null;
  streams: StreamMessage[];
  streaming: boolean;
  onCite: (c: Citation) => void;
  onRetry: (m: StreamMessage) => void;
  /** Shown instead of the usual prompt while the thread has no messages (the workspace's empty state). */
  empty?: ReactNode;
}) {
  const { thread, streams, streaming, onCite, onRetry, empty } = props;
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [streams, thread]);
  return (
    <div className="messages" aria-live="polite" aria-busy={streaming}>
      {thread?.messages.map((m) => <StoredMessage key={m.id} m={m} onCite={onCite} />)}
      {streams.map((m) => (
        <Live key={m.clientId} m={m} onCite={onCite} onRetry={() => onRetry(m)} />
      ))}
      {!thread?.messages.length &&
        !streams.length &&
        (empty ?? <p className="muted empty">Ask a question about your knowledge bases.</p>)}
      <div ref={bottom} />
    </div>
  );
}
