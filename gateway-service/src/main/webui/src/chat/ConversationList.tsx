import { useMemo, useState } from 'react';
import type { Conversation } from '../api/types';
import { EditIcon, TrashIcon } from '../ui/Icons';
import { Link } from '../ui/router';

/** The conversations as navigation: New chat, a title search, and Rename and Delete on each. */
export function ConversationList(props: {
  conversations: Conversation[];
  activeId: string | null;
  onNew: () => void;
  onRename: (c: Conversation) => void;
  onDelete: (c: Conversation) => void;
}) {
  const { conversations, activeId, onNew, onRename, onDelete } = props;
  const [filter, setFilter] = useState('');
  const shown = useMemo(
    () => conversations.filter((c) => (c.title ?? 'Untitled').toLowerCase().includes(filter.toLowerCase())),
    [conversations, filter],
  );
  return (
    <aside className="conversations" aria-label="Conversations">
      <button type="button" className="primary" onClick={onNew}>
        New chat
      </button>
      <label className="search">
        <span className="sr-only">Search conversations</span>
        <input type="search" placeholder="Search titles" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ul>
        {shown.map((c) => (
          <li key={c.id} className={c.id === activeId ? 'active' : undefined}>
            <Link to={`/chat/${c.id}`} aria-current={c.id === activeId ? 'page' : undefined}>
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
        {!shown.length && <li className="muted">No conversations</li>}
      </ul>
    </aside>
  );
}
