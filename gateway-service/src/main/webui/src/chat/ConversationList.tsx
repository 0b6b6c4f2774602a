import { useMemo, useState, type Ref } from 'react';
import type { Conversation } from '../api/types';
import { EditIcon, TrashIcon } from '../ui/Icons';
import { Link } from '../ui/router';

/**
 * The conversations as navigation: New chat, a title search, and Rename and Delete on each. On phones it is a drawer:
 * {@code drawer} makes it a modal dialog (CSS shows it only then), and {@code onPicked} closes it after a choice.
 */
export function ConversationList(props: {
  conversations: Conversation[];
  activeId: string | null;
  onNew: () => void;
  onRename: (c: Conversation) => void;
  onDelete: (c: Conversation) => void;
  drawer?: boolean;
  onPicked?: () => void;
  panelRef?: Ref<HTMLElement>;
}) {
  const { conversations, activeId, onNew, onRename, onDelete, drawer, onPicked, panelRef } = props;
  const [filter, setFilter] = useState('');
  const shown = useMemo(
    () => conversations.filter((c) => (c.title ?? 'Untitled').toLowerCase().includes(filter.toLowerCase())),
    [conversations, filter],
  );
  return (
    <aside
      id="conversations"
      className={'conversations' + (drawer ? ' open' : '')}
      aria-label="Conversations"
      ref={panelRef}
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
        <input type="search" placeholder="Search titles" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ul>
        {shown.map((c) => (
          <li key={c.id} className={c.id === activeId ? 'active' : undefined}>
            <Link to={`/chat/${c.id}`} aria-current={c.id === activeId ? 'page' : undefined} onClick={() => onPicked?.()}>
              {c.title || 'Untitled'}
            </Link>
            <span className="row-actions">
              <button type="button" className="icon" aria-label={`Rename ${c.title || 'Untitled'}`} onClick={() => onRename(c)}>
                <EditIcon />
              </button>
              <button type="button" className="icon" aria-label={`Delete ${c.title || 'Untitled'}`} onClick={() => onDelete(c)}>
                <TrashIcon />
              </button>
            </span>
          </li>
        ))}
        {!shown.length && <li className="muted">{conversations.length ? 'No matching conversations' : 'No conversations yet'}</li>}
      </ul>
    </aside>
  );
}
