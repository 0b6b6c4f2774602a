import { useState } from 'react';
import { atLeast, type Session } from '../api/session';
import type { Conversation } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { NoKnowledgeBases } from '../ui/EmptyState';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { CitationDialog } from './CitationDialog';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import type { Citation } from './frames';
import { MessageList } from './MessageList';
import { RenameDialog } from './RenameDialog';
import { ThreadHeader } from './ThreadHeader';
import { useChat } from './useChat';
import { useKnowledgeBases } from './useKnowledgeBases';
import { useDrawer } from '../ui/useDrawer';

/** Conversations on the left, the thread with live streaming answers on the right. */
export function ChatPage({ path, session }: { path: string; session: Session }) {
  const convId = /^\/chat\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null;
  const canChat = atLeast(session, 'member');
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const chat = useChat(convId, canChat, run);
  const { thread } = chat;
  const [cited, setCited] = useState<Citation | null>(null);
  const [renaming, setRenaming] = useState<Conversation | null>(null);
  const kbs = useKnowledgeBases();
  const drawer = useDrawer<HTMLElement>();
  // bumped on every send: the Sources popover closes so the answer is in view
  const [sent, setSent] = useState(0);
  const ask = (q: string) => {
    setSent((n) => n + 1);
    chat.ask(q);
  };

  const remove = (c: Conversation) =>
    confirm({
      title: 'Delete conversation',
      message: <>Delete “{c.title || 'Untitled'}” and all its messages? This cannot be undone.</>,
      confirmLabel: 'Delete',
      onConfirm: () => chat.remove(c),
    });

  return (
    <div className="chat">
      <ConversationList
        conversations={chat.conversations}
        activeId={convId}
        onNew={chat.newChat}
        onRename={setRenaming}
        onDelete={remove}
        drawer={drawer.isOpen}
        onPicked={drawer.close}
        panelRef={drawer.panel}
      />
      {drawer.isOpen && <div className="drawer-backdrop" data-testid="drawer-backdrop" onClick={drawer.close} />}
      <section className="thread" aria-label="Conversation">
        <ThreadHeader
          title={thread ? thread.title || 'Untitled' : 'New chat'}
          kbs={kbs}
          sources={chat.selectedKbs}
          onSources={chat.setKbSelection}
          canChat={canChat}
          status={chat.status}
          sourcesCloseSignal={sent}
          drawerOpen={drawer.isOpen}
          onOpenDrawer={drawer.open}
        />
        <ErrorNote error={error} />
        <MessageList
          thread={thread}
          streams={chat.streams}
          streaming={chat.streaming}
          onCite={setCited}
          onRetry={chat.retry}
          empty={kbs && !kbs.length && !thread ? <NoKnowledgeBases canCreate={atLeast(session, 'admin')} /> : undefined}
        />
        {canChat ? (
          <Composer streaming={chat.streaming} onSend={ask} onStop={chat.stop} />
        ) : (
          <p className="muted">Your role can read conversations but not chat.</p>
        )}
      </section>
      {cited && <CitationDialog c={cited} onClose={() => setCited(null)} />}
      {renaming && (
        <RenameDialog
          c={renaming}
          onClose={() => setRenaming(null)}
          onSaved={(c) => {
            chat.renamed(c);
            setRenaming(null);
          }}
        />
      )}
      {dialog}
    </div>
  );
}
