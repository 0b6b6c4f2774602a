import type { SocketStatus } from './socket';
import { SourcesPicker } from './SourcesPicker';

const CONNECTION: Record<Exclude<SocketStatus, 'open'>, string> = {
  closed: 'Disconnected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
};

/** The thread's title, its sources, and the chat connection's state while it is not open. */
export function ThreadHeader(props: {
  title: string;
  sources: string[];
  onSources: (ids: string[]) => void;
  canChat: boolean;
  status: SocketStatus;
}) {
  const { title, sources, onSources, canChat, status } = props;
  return (
    <header className="thread-head">
      <h1>{title}</h1>
      <SourcesPicker selected={sources} onChange={onSources} disabled={!canChat} />
      {canChat && status !== 'open' && (
        <span className="badge warn" role="status">
          {CONNECTION[status]}
        </span>
      )}
    </header>
  );
}
