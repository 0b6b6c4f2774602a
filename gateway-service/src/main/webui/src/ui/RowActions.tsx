import { useEffect, useRef, useState, type ReactNode } from 'react';

const NARROW = '(max-width: 700px)';

/** Whether the screen is phone-narrow, following changes (rotation, a resized window). */
function useNarrow(): boolean {
  const query = () => window.matchMedia?.(NARROW).matches ?? false;
  const [narrow, setNarrow] = useState(query);
  useEffect(() => {
    const mq = window.matchMedia?.(NARROW);
    const on = () => setNarrow(mq?.matches ?? false);
    mq?.addEventListener?.('change', on);
    return () => mq?.removeEventListener?.('change', on);
  }, []);
  return narrow;
}

/**
 * A table row's actions: buttons in the row on wide screens; on a phone one "⋯" menu, so the table fits its width
 * instead of pushing its last column off the screen. The menu closes after a choice, on Escape and on a click
 * elsewhere.
 */
export function RowActions({ label, children }: { label: string; children: ReactNode }) {
  const narrow = useNarrow();
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!narrow) return;
    const close = (e: Event) => {
      const el = menu.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('keydown', close);
    document.addEventListener('click', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('click', close);
    };
  }, [narrow]);
  if (!narrow) return <>{children}</>;
  return (
    <details className="row-menu" ref={menu}>
      <summary aria-label={label}>⋯</summary>
      <div
        className="row-menu-items"
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('button') && menu.current) menu.current.open = false;
        }}
      >
        {children}
      </div>
    </details>
  );
}
