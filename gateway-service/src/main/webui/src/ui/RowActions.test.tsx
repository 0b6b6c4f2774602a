import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowActions } from './RowActions';

function phone(narrow: boolean) {
  window.matchMedia = vi.fn().mockImplementation((q: string) => ({
    matches: narrow,
    media: q,
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  })) as unknown as typeof window.matchMedia;
}

describe('row actions', () => {
  afterEach(() => {
    // @ts-expect-error jsdom has no matchMedia of its own
    delete window.matchMedia;
  });

  it('stay in the row on a wide screen', () => {
    phone(false);
    render(
      <RowActions label="Actions for a.pdf">
        <button type="button">Preview</button>
      </RowActions>,
    );
    expect(screen.getByRole('button', { name: 'Preview' })).toBeTruthy();
    expect(document.querySelector('details')).toBeNull();
  });

  it('fold into a menu on a phone that closes after a choice and on Escape', () => {
    phone(true);
    const onPreview = vi.fn();
    render(
      <RowActions label="Actions for a.pdf">
        <button type="button" onClick={onPreview}>
          Preview
        </button>
      </RowActions>,
    );
    const menu = document.querySelector('details') as HTMLDetailsElement;
    expect(screen.getByText('⋯').getAttribute('aria-label')).toBe('Actions for a.pdf');
    menu.open = true;
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onPreview).toHaveBeenCalled();
    expect(menu.open).toBe(false);
    menu.open = true;
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(menu.open).toBe(false);
  });
});
