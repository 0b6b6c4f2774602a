import type { KnowledgeBase } from '../api/model';
import { ConnectionBadge } from './ConnectionBadge';
import { ExportMenu } from './ExportMenu';
import type { SocketStatus } from './socket';
import { SourcesPicker } from './SourcesPicker';

/**
 * The thread's title, its sources, and the chat connection's state while it is not working; on phones also the
 * button that opens the conversation drawer (hidden by CSS on wider screens).
 */
export function ThreadHeader(props: {
  title: string;
  kbs: KnowledgeBase[] | null;
  sources: string[];
  onSources: (ids: string[]) => void;
  canChat: boolean;
  status: SocketStatus;
  sourcesCloseSignal?: number;
  drawerOpen?: boolean;
  onOpenDrawer?: () => void;
  /** Offered once the thread has messages. */
  onExport?: (kind: 'md' | 'json') => void;
}) {
  const { title, kbs, sources, onSources, canChat, status, sourcesCloseSignal, drawerOpen, onOpenDrawer, onExport } = props;
  return (
    <header className="thread-head">
      {onOpenDrawer && (
        <button
          type="button"
          className="drawer-toggle"
          aria-label="Conversations"
          aria-haspopup="dialog"
          aria-expanded={!!drawerOpen}
          aria-controls="conversations"
          onClick={onOpenDrawer}
        >
          <span aria-hidden="true">☰</span>
        </button>
      )}
      <h1>{title}</h1>
      <SourcesPicker kbs={kbs} selected={sources} onChange={onSources} disabled={!canChat} closeSignal={sourcesCloseSignal} />
      {onExport && <ExportMenu onExport={onExport} />}
      {canChat && <ConnectionBadge status={status} />}
    </header>
  );
}
