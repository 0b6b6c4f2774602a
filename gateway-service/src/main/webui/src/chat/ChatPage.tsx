import { useEffect, useRef, useState } from 'react';
import { atLeast, type Session } from '../api/session';
import type { Conversation } from '../api/model';
import { ErrorNote } from '../ui/Dialog';
import { NoKnowledgeBases } from '../ui/EmptyState';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { CitationDialog } from './CitationDialog';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import type { Citation } from './frames';
import { MessageList } from './MessageList';
import { RenameDialog } from './RenameDialog';
import { ThreadHeader } from './ThreadHeader';
import { fileName, saveFile, toJson, toMarkdown, transcript } from './transcript';
import { useChat } from './useChat';
import { useKnowledgeBases } from './useKnowledgeBases';
import { useDrawer } from '../ui/useDrawer';
import { useNavigations } from '../ui/router';

/** What the chat says when the workspace's knowledge bases could not be read. */
export const KNOWLEDGE_BASES_UNREAD = 'Your knowledge bases could not be loaded, so no sources can be chosen.';

/** Conversations on the left, the thread with live streaming answers on the right. */
export function ChatPage({ path, session }: { path: string; session: Session }) {
  const convId = /^\/chat\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null;
  const canChat = atLeast(session, 'member');
  const { error, run, clear } = useAction();
  const { confirm, dialog } = useConfirm();
  const chat = useChat(convId, canChat, run);
  const { thread } = chat;
  const [cited, setCited] = useState<Citation | null>(null);
  const [renaming, setRenaming] = useState<Conversation | null>(null);
  const { kbs, failed: kbsFailed, reload: reloadKbs } = useKnowledgeBases();
  const drawer = useDrawer<HTMLElement>();
  // bumped on every send: the Sources popover closes so the answer is in view
  const [sent, setSent] = useState(0);
  const ask = (q: string) => {
    setSent((n) => n + 1);
    chat.ask(q);
  };
  // the last question's inline editor (opened by its Edit button or Arrow Up in the empty composer)
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [convId]);
  // a note about the last conversation (e.g. that it is gone) goes when another one opens, a new chat starts, or the
  // address changes after the note appeared (Back to an earlier /chat leaves the path as it was)
  useEffect(() => {
    if (convId) clear();
  }, [convId, clear]);
  const navigations = useNavigations();
  const noteShownAt = useRef<number | null>(null);
  useEffect(() => {
    if (!error) noteShownAt.current = null;
    else if (noteShownAt.current === null) noteShownAt.current = navigations;
    else if (noteShownAt.current !== navigations) clear();
  }, [error, navigations, clear]);
  const newChat = () => {
    clear();
    chat.newChat();
  };
  const title = thread ? thread.title || 'Untitled' : 'New chat';
  useDocumentTitle(thread ? title : 'Chat');
  const exportAs = (kind: 'md' | 'json') => {
    const entries = transcript(thread, chat.streams);
    if (kind === 'md') saveFile(fileName(title, 'md'), toMarkdown(title, entries), 'text/markdown;charset=utf-8');
    else saveFile(fileName(title, 'json'), toJson(thread, title, entries), 'application/json');
  };
  const hasMessages = !!thread?.messages.length || chat.streams.length > 0;

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
        onNew={newChat}
        onRename={setRenaming}
        onDelete={remove}
        onPin={canChat ? chat.pin : undefined}
        query={chat.query}
        onQuery={chat.setQuery}
        results={chat.results}
        drawer={drawer.isOpen}
        onPicked={drawer.close}
        panelRef={drawer.panel}
      />
      {drawer.isOpen && <div className="drawer-backdrop" data-testid="drawer-backdrop" onClick={drawer.close} />}
      <section className="thread" aria-label="Conversation">
        <ThreadHeader
          title={title}
          kbs={kbs}
          sources={chat.selectedKbs}
          onSources={chat.setKbSelection}
          canChat={canChat}
          status={chat.status}
          sourcesCloseSignal={sent}
          drawerOpen={drawer.isOpen}
          onOpenDrawer={drawer.open}
          onExport={hasMessages ? exportAs : undefined}
        />
        <ErrorNote error={error} />
        {/* without the list no source can be picked: say so, with a way to ask again */}
        <ErrorNote error={kbsFailed ? KNOWLEDGE_BASES_UNREAD : null} onRetry={reloadKbs} />
        <MessageList
          thread={thread}
          streams={chat.streams}
          streaming={chat.streaming}
          onCite={setCited}
          onRetry={chat.retry}
          last={canChat ? chat.last : null}
          onRegenerate={() => {
            setSent((n) => n + 1);
            chat.regenerate();
          }}
          onEdit={(q) => {
            setSent((n) => n + 1);
            chat.editLast(q);
            document.getElementById('message')?.focus();
          }}
          editing={editing}
          onEditing={setEditing}
          empty={kbs && !kbs.length && !thread ? <NoKnowledgeBases canCreate={atLeast(session, 'admin')} /> : undefined}
        />
        {canChat ? (
          <Composer
            streaming={chat.streaming}
            onSend={ask}
            onStop={chat.stop}
            onEditLast={chat.last ? () => setEditing(true) : undefined}
            initial={new URLSearchParams(window.location.search).get('ask')?.slice(0, 2000) ?? undefined}
          />
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
