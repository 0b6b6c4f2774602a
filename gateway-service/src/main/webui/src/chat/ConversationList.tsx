import type { Ref } from 'react';
import type { Conversation } from '../api/model';
import { ConversationRow } from './ConversationRow';

/**
 * The conversations as navigation: New chat, a search in titles and message content (the server's; a matching
 * message shows as a snippet), pinned ones first, and a "⋯" menu with Pin, Rename and Delete on each
 * ({@link ConversationRow}). On phones it is a drawer: {@code drawer} makes it a modal dialog (CSS shows it only then), and {@code onPicked} closes
 * it after a choice.
 */
export function ConversationList(props: {
  conversations: Conversation[];
  activeId: string | null;
  onNew: () => void;
  onRename: (c: Conversation) => void;
  onDelete: (c: Conversation) => void;
  onPin?: (c: Conversation, pinned: boolean) => void;
  /** The search box's text, and the server's matches for it (null: no search, or not answered yet). */
  query?: string;
  onQuery?: (q: string) => void;
  results?: Conversation[] | null;
  drawer?: boolean;
  onPicked?: () => void;
  panelRef?: Ref<HTMLElement>;
}) {
  const { conversations, activeId, onNew, onRename, onDelete, onPin, query = '', onQuery, results, drawer, onPicked, panelRef } = props;
  const searching = query.trim() !== '';
  // until the server answers, the titles already loaded are filtered here
  const shown =
    searching && results
      ? results
      : searching
        ? conversations.filter((c) => (c.title ?? 'Untitled').toLowerCase().includes(query.trim().toLowerCase()))
        : conversations;
  // a drawer is a modal dialog, which an <aside> (complementary) may not be: the same panel as a <div> then
  const Panel = drawer ? 'div' : 'aside';
  return (
    <Panel
      id="conversations"
      className={'conversations' + (drawer ? ' open' : '')}
      aria-label="Conversations"
      ref={panelRef as Ref<HTMLDivElement>}
      {...(drawer ? { role: 'dialog', 'aria-modal': true, tabIndex: -1 } : {})}
    >
      {drawer && (
        <button type="button" className="icon drawer-close" aria-label="Close conversations" onClick={onPicked}>
          ×
        </button>
      )}
      <button
        type="button"
        className="primary"
        onClick={() => {
          onNew();
          onPicked?.();
        }}
      >
        New chat
      </button>
      <label className="search">
        <span className="sr-only">Search conversations</span>
        <input
          type="search"
          placeholder="Search conversations"
          value={query}
          onChange={(e) => onQuery?.(e.target.value)}
          aria-describedby="conversation-search-status"
        />
      </label>
      <p id="conversation-search-status" className="sr-only" role="status">
        {searching && results ? `${results.length} matching conversation${results.length === 1 ? '' : 's'}` : ''}
      </p>
      <ul>
        {shown.map((c) => (
          <ConversationRow
            key={c.id}
            c={c}
            active={c.id === activeId}
            onRename={onRename}
            onDelete={onDelete}
            onPin={onPin}
            onPicked={onPicked}
            highlight={searching ? query.trim() : undefined}
          />
        ))}
        {!shown.length && <li className="muted">{conversations.length ? 'No matching conversations' : 'No conversations yet'}</li>}
      </ul>
    </Panel>
  );
}
