import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/** The media query under which side panels become drawers (matches styles.css). */
export const PHONE = '(max-width: 700px)';

/**
 * A side panel shown as a modal drawer on phones: {@code open} moves focus into the panel (its first control), Tab
 * stays inside it, Escape closes it, and closing gives focus back to the element that opened it. Widening the
 * window past the phone breakpoint closes it (the panel is then an ordinary column).
 */
export function useDrawer<T extends HTMLElement>(): {
  isOpen: boolean;
  open: () => void;
  close: () => void;
  panel: RefObject<T | null>;
} {
  const [isOpen, setOpen] = useState(false);
  const panel = useRef<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback(() => {
    opener.current = document.activeElement as HTMLElement | null;
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    if (!isOpen) return;
    const el = panel.current;
    const focusable = () =>
      el
        ? Array.from(
            el.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'),
          ).filter((x) => !x.hasAttribute('disabled'))
        : [];
    (focusable()[0] ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      // a dialog opened from the drawer handles (and prevents) its own Escape first
      if (e.defaultPrevented) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
      } else if (e.key === 'Tab' && el && el.contains(document.activeElement)) {
        const f = focusable();
        if (!f.length) return;
        if (e.shiftKey && document.activeElement === f[0]) {
          e.preventDefault();
          f[f.length - 1].focus();
        } else if (!e.shiftKey && document.activeElement === f[f.length - 1]) {
          e.preventDefault();
          f[0].focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    const mq = window.matchMedia?.(PHONE);
    const onMedia = () => {
      if (mq && !mq.matches) setOpen(false);
    };
    mq?.addEventListener?.('change', onMedia);
    return () => {
      document.removeEventListener('keydown', onKey);
      mq?.removeEventListener?.('change', onMedia);
      const back = opener.current;
      opener.current = null;
      if (back && back.isConnected) back.focus();
    };
  }, [isOpen]);

  return { isOpen, open, close, panel };
}
