import { fireEvent, render, screen } from '@testing-library/react';
import css from '../styles.css?raw';
import type { Conversation } from '../api/model';
import { ConversationList } from './ConversationList';

const OPEN: Conversation = { id: '11111111-1111-1111-1111-111111111111', title: 'Aurora hours' };
const OTHER: Conversation = {
  id: '22222222-2222-2222-2222-222222222222',
  title: 'Opening hours of the observatory dome in winter',
};
const THIRD: Conversation = { id: '33333333-3333-3333-3333-333333333333', title: 'Safety' };

/** The style sheet in the document (jsdom applies its rules outside media queries to computed styles). */
function styled(text = css) {
  const style = document.createElement('style');
  style.textContent = text;
  document.head.append(style);
  return style;
}

function list(search: { query?: string; results?: Conversation[] } = {}) {
  render(
    <ConversationList
      conversations={[OPEN, OTHER, THIRD]}
      activeId={OPEN.id}
      onNew={vi.fn()}
      onRename={vi.fn()}
      onDelete={vi.fn()}
      onPin={vi.fn()}
      {...search}
    />,
  );
}

// plain DOM look-ups: a role query computes (and jsdom caches) styles, which focus does not refresh
const actionsOf = (c: Conversation) =>
  document.querySelector(`a[href="/chat/${c.id}"]`)!.closest('li')!.querySelector('.row-actions')!;

afterEach(() => document.head.querySelectorAll('style').forEach((s) => s.remove()));

describe('the conversation list', () => {
  it('gives the title the row until the row is hovered, focused or open, and Tab still reaches its menu button', () => {
    styled();
    list();
    const more = actionsOf(OTHER).querySelector<HTMLButtonElement>('button')!;
    more.focus();
    expect(document.activeElement).toBe(more);
    expect(getComputedStyle(actionsOf(OTHER)).width).toBe('auto'); // focus shows it
    expect(getComputedStyle(actionsOf(OPEN)).width).toBe('auto'); // the open conversation's
    const collapsed = getComputedStyle(actionsOf(THIRD));
    expect(collapsed.width).toBe('0px');
    expect(collapsed.overflow).toBe('hidden');
    // collapsed, not hidden: still focusable and named
    expect(collapsed.display).not.toBe('none');
    expect(collapsed.visibility).not.toBe('hidden');
    expect(more.getAttribute('aria-label')).toBe(`Actions for ${OTHER.title}`);
    expect(screen.getByRole('button', { name: 'Actions for Safety' })).toBeTruthy();
    // one button per row, not three: the title keeps the rest
    expect(actionsOf(OTHER).querySelectorAll('button')).toHaveLength(1);
  });

  it('keeps the menu button shown on touch screens, which cannot hover', () => {
    const sheet = styled().sheet!;
    const touch = Array.from(sheet.cssRules).find(
      (r): r is CSSMediaRule => r instanceof CSSMediaRule && r.media.mediaText.includes('hover: none'),
    );
    expect(touch).toBeDefined();
    // what a touch screen applies: the media query's rules as if it matched
    styled(Array.from(touch!.cssRules, (r) => r.cssText).join('\n'));
    list();
    expect(getComputedStyle(actionsOf(THIRD)).width).toBe('auto');
  });

  it('shows a cut title in full as a tooltip, and no tooltip for a title that fits', () => {
    list();
    const long = screen.getByRole('link', { name: OTHER.title! });
    Object.defineProperties(long, { scrollWidth: { value: 320 }, clientWidth: { value: 120 } });
    fireEvent.mouseEnter(long);
    expect(long.getAttribute('title')).toBe(OTHER.title);
    const short = screen.getByRole('link', { name: 'Safety' });
    Object.defineProperties(short, { scrollWidth: { value: 48 }, clientWidth: { value: 120 } });
    fireEvent.mouseEnter(short);
    expect(short.hasAttribute('title')).toBe(false);
  });

  it('opens Pin, Rename and Delete as a menu from one button, and runs the chosen one', () => {
    const onRename = vi.fn();
    const onDelete = vi.fn();
    const onPin = vi.fn();
    render(
      <ConversationList
        conversations={[OPEN, { ...THIRD, pinned: true }]}
        activeId={OPEN.id}
        onNew={vi.fn()}
        onRename={onRename}
        onDelete={onDelete}
        onPin={onPin}
      />,
    );
    const more = screen.getByRole('button', { name: 'Actions for Safety' });
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu', { name: 'Actions for Safety' });
    expect(more.getAttribute('aria-controls')).toBe(menu.id);
    expect(Array.from(menu.querySelectorAll('[role="menuitem"]'), (i) => i.textContent)).toEqual(['Unpin', 'Rename', 'Delete']);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Unpin' }));
    expect(onPin).toHaveBeenCalledWith(expect.objectContaining({ id: THIRD.id }), false);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);

    fireEvent.click(screen.getByRole('button', { name: 'Actions for Aurora hours' }));
    expect(screen.getByRole('menuitem', { name: 'Pin' })).toBeTruthy();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Rename' }));
    expect(onRename).toHaveBeenCalledWith(OPEN);
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Aurora hours' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledWith(OPEN);
    expect(onPin).toHaveBeenCalledTimes(1);
  });

  it('moves through the menu with the arrow keys, and Escape closes it and returns focus to its button', () => {
    list();
    const more = screen.getByRole('button', { name: 'Actions for Safety' });
    more.focus();
    fireEvent.click(more);
    const [pin, rename, del] = screen.getAllByRole('menuitem');
    expect(document.activeElement).toBe(pin);
    fireEvent.keyDown(pin, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rename);
    fireEvent.keyDown(rename, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(del);
    fireEvent.keyDown(del, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(pin); // wraps around
    fireEvent.keyDown(pin, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(del);
    fireEvent.keyDown(del, { key: 'Home' });
    expect(document.activeElement).toBe(pin);
    const escape = fireEvent.keyDown(pin, { key: 'Escape' });
    expect(escape).toBe(false); // handled: a drawer around it stays open
    expect(screen.queryByRole('menu')).toBeNull();
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(more);
    // Arrow Down on the button opens it too
    fireEvent.keyDown(more, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getAllByRole('menuitem')[0]);
  });

  it('closes the menu on a click elsewhere and on Tab, and keeps it open on a click inside', () => {
    list();
    const more = screen.getByRole('button', { name: 'Actions for Safety' });
    fireEvent.click(more);
    fireEvent.mouseDown(screen.getByRole('menu'));
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.mouseDown(screen.getByRole('searchbox', { name: 'Search conversations' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    fireEvent.keyDown(screen.getAllByRole('menuitem')[1], { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more); // Tab goes on from the button
  });
});

describe('a search in the conversation list', () => {
  it('marks the searched words in each match, whatever their case', () => {
    const hit: Conversation = { ...OTHER, match: '…documents: The nightly Hotel cap is $250; hotels in London $375…' };
    list({ query: 'hotel', results: [hit] });
    const marks = Array.from(document.querySelectorAll('.match mark'), (m) => m.textContent);
    expect(marks).toEqual(['Hotel', 'hotel']);
    expect(document.querySelector('.match')!.textContent).toBe(hit.match);
  });
});
