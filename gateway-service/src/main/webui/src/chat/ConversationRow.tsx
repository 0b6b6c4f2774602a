import { useState } from 'react';
import type { Conversation } from '../api/model';
import { EditIcon, PinIcon, TrashIcon } from '../ui/Icons';
import { Link } from '../ui/router';

/** True when an element's text is cut (its ellipsis shows). */
const isCut = (el: HTMLElement) => el.scrollWidth > el.clientWidth;

/**
 * One conversation in the list: its title, with the full title as a tooltip when it is cut, and Pin, Rename and
 * Delete. The buttons take no room until the row is hovered, holds focus or is the open conversation (styles.css),
 * so the title has the row's width; they stay in the Tab order (focusing one shows them) and touch screens, which
 * cannot hover, always show them.
 */
export function ConversationRow(props: {
  c: Conversation;
  active: boolean;
  onRename: (c: Conversation) => void;
  onDelete: (c: Conversation) => void;
  onPin?: (c: Conversation, pinned: boolean) => void;
  onPicked?: () => void;
}) {
  const { c, active, onRename, onDelete, onPin, onPicked } = props;
  const title = c.title || 'Untitled';
  // measured when the pointer comes: the row's buttons appear then, which may cut the title
  const [cut, setCut] = useState(false);
  return (
    <li className={(active ? 'active' : '') + (c.pinned ? ' pinned' : '') || undefined}>
      <Link
        to={`/chat/${c.id}`}
        aria-current={active ? 'page' : undefined}
        title={cut ? title : undefined}
        onMouseEnter={(e) => setCut(isCut(e.currentTarget))}
        onClick={() => onPicked?.()}
      >
        {title}
        {c.match && <span className="match muted">{c.match}</span>}
      </Link>
      <span className="row-actions">
        {onPin && (
          <button
            type="button"
            className="icon pin"
            aria-label={`Pin ${title}`}
            aria-pressed={!!c.pinned}
            title={c.pinned ? 'Unpin' : 'Pin to the top'}
            onClick={() => onPin(c, !c.pinned)}
          >
            <PinIcon />
          </button>
        )}
        <button type="button" className="icon" aria-label={`Rename ${title}`} onClick={() => onRename(c)}>
          <EditIcon />
        </button>
        <button type="button" className="icon" aria-label={`Delete ${title}`} onClick={() => onDelete(c)}>
          <TrashIcon />
        </button>
      </span>
    </li>
  );
}
