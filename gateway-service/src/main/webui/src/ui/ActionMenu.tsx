import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

/** One entry of an {@link ActionMenu}. */
export interface MenuAction {
  label: string;
  onSelect: () => void;
  /** A destructive action (Delete): shown in the danger colour. */
  danger?: boolean;
}

/**
 * A compact "⋯" button that opens a menu of actions (the ARIA menu button pattern): the button names what it acts on
 * ({@code label}) and says {@code aria-expanded}; opening moves focus to the first item, Arrow Down/Up (and Home/End)
 * move between the items, Escape closes it and gives focus back to the button, Tab closes it and goes on from the
 * button, a click elsewhere closes it.
 * A chosen item closes the menu and focus goes back to the button first, so a dialog it opens returns focus there.
 */
export function ActionMenu({ label, actions }: { label: string; actions: MenuAction[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();
  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    menu.current?.scrollIntoView?.({ block: 'nearest' });
    const outside = (e: MouseEvent) => {
      if (e.target instanceof Node && !menu.current?.contains(e.target) && !button.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moveTo = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') moveTo(at + 1);
    else if (e.key === 'ArrowUp') moveTo(at - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(all.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault(); // handled: the phone drawer around the menu stays open (ui/useDrawer)
      close();
    } else if (e.key === 'Tab') close(); // Tab goes on from the button: to the next control, or back with Shift
  };

  return (
    <span className="action-menu">
      <button
        type="button"
        className="icon"
        ref={button}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        ⋯
      </button>
      {open && (
        <ul className="menu-items" role="menu" id={id} aria-label={label} ref={menu} onKeyDown={onKeyDown}>
          {actions.map((a) => (
            <li key={a.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={a.danger ? 'danger' : undefined}
                onClick={() => {
                  close();
                  a.onSelect();
                }}
              >
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
