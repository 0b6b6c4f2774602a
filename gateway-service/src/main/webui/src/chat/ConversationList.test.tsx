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

function list() {
  render(
    <ConversationList
      conversations={[OPEN, OTHER, THIRD]}
      activeId={OPEN.id}
      onNew={vi.fn()}
      onRename={vi.fn()}
      onDelete={vi.fn()}
      onPin={vi.fn()}
    />,
  );
}

// plain DOM look-ups: a role query computes (and jsdom caches) styles, which focus does not refresh
const actionsOf = (c: Conversation) =>
  document.querySelector(`a[href="/chat/${c.id}"]`)!.closest('li')!.querySelector('.row-actions')!;

afterEach(() => document.head.querySelectorAll('style').forEach((s) => s.remove()));

describe('the conversation list', () => {
  it('gives the title the row until the row is hovered, focused or open, and Tab still reaches its buttons', () => {
    styled();
    list();
    const del = actionsOf(OTHER).querySelector<HTMLButtonElement>('button:last-child')!;
    del.focus();
    expect(document.activeElement).toBe(del);
    expect(getComputedStyle(actionsOf(OTHER)).width).toBe('auto'); // focus shows them
    expect(getComputedStyle(actionsOf(OPEN)).width).toBe('auto'); // the open conversation's
    const collapsed = getComputedStyle(actionsOf(THIRD));
    expect(collapsed.width).toBe('0px');
    expect(collapsed.overflow).toBe('hidden');
    // collapsed, not hidden: still focusable and named
    expect(collapsed.display).not.toBe('none');
    expect(collapsed.visibility).not.toBe('hidden');
    expect(del.getAttribute('aria-label')).toBe(`Delete ${OTHER.title}`);
    expect(screen.getByRole('button', { name: 'Rename Safety' })).toBeTruthy();
  });

  it('keeps the buttons shown on touch screens, which cannot hover', () => {
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
});
