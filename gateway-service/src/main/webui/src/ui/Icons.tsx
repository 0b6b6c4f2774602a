import type { CSSProperties } from 'react';

/** Small inline SVG icons (no icon font, no emoji font needed); decorative, so the buttons carry the labels. */
const base = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, 'aria-hidden': true } as const;

/** An icon drawn by one path (`d`), maybe turned by `style`. */
const pathIcon = (d: string, style?: CSSProperties) =>
  function PathIcon() {
    return (
      <svg {...base} style={style}>
        <path d={d} />
      </svg>
    );
  };

const THUMB = 'M7 11v9H4v-9h3zm0 0l4-7c1.5 0 2.5 1 2 3l-1 4h6c1 0 2 1 1.7 2.2l-1.6 5.6c-.3 1-1 1.2-2 1.2H7';

export const TrashIcon = pathIcon('M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13');
export const EditIcon = pathIcon('M4 20h4L19 9l-4-4L4 16v4z');
export const ThumbUpIcon = pathIcon(THUMB);
export const ThumbDownIcon = pathIcon(THUMB, { transform: 'rotate(180deg)' });
export const CopyIcon = pathIcon('M9 9h11v11H9zM5 15H4V4h11v1');
export const RegenerateIcon = pathIcon('M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7');
export const SignOutIcon = pathIcon('M14 4h5v16h-5M10 8l-4 4 4 4M6 12h11');

export const AccountIcon = () => (
  <svg {...base}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 20c1.5-4 4.5-6 8-6s6.5 2 8 6" />
  </svg>
);
