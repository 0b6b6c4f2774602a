import { useState } from 'react';
import type { Conversation } from '../api/model';
import { ActionMenu, type MenuAction } from '../ui/ActionMenu';
import { Link } from '../ui/router';

/** True when an element's text is cut (its ellipsis shows). */
const isCut = (el: HTMLElement) => el.scrollWidth > el.clientWidth;

/**
 * One conversation in the list: its title, with the full title as a tooltip when it is cut, and one compact "⋯" menu
 * with Pin/Unpin, Rename and Delete ({@link ActionMenu}). The menu button takes no room until the row is hovered,
 * holds focus or is the open conversation (styles.css), so the title has the row's width; it stays in the Tab order
 * (focusing it shows it) and touch screens, which cannot hover, always show it.
 */
export function ConversationRow(props: {
  c: Conversation;
  active: boolean;
  onRename: (c: Conversation) => void;
  onDelete: (c: Conversation) => void;
  onPin?: (c: Conversation, pinned: boolean) => void;
  onPicked?: () => void;
  /** The search's words, marked in the snippet. */
  highlight?: string;
}) {
  const { c, active, onRename, onDelete, onPin, onPicked, highlight } = props;
  const title = c.title || 'Untitled';
  // measured when the pointer comes: the row's menu button appears then, which may cut the title
  const [cut, setCut] = useState(false);
  const actions: MenuAction[] = [
    ...(onPin ? [{ label: c.pinned ? 'Unpin' : 'Pin', onSelect: () => onPin(c, !c.pinned) }] : []),
    { label: 'Rename', onSelect: () => onRename(c) },
    { label: 'Delete', onSelect: () => onDelete(c), danger: true },
  ];
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
        {c.match && <span className="match muted">{marked(c.match, highlight)}</span>}
      </Link>
      <span className="row-actions">
        <ActionMenu label={`Actions for ${title}`} actions={actions} />
      </span>
    </li>
  );
}

/** The snippet with each occurrence of the search's words in a <mark> (case-insensitive, literally). */
function marked(text: string, words?: string) {
  if (!words) return text;
  const lower = text.toLowerCase();
  const needle = words.toLowerCase();
  const out: React.ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0 && needle; at = lower.indexOf(needle, from)) {
    out.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  out.push(text.slice(from));
  return out;
}
