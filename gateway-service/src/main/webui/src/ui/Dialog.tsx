import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog: focus moves into it on open, Tab cycles inside it, Escape closes it, and focus returns to the
 * element that opened it.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** A wide dialog that reads rather than asks (a document's page): focus starts on its first control, not a field. */
  wide?: boolean;
}) {
  const { title, onClose, children, wide } = props;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const el = ref.current!;
    const focusable = () =>
      Array.from(
        el.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'),
      ).filter((x) => !x.hasAttribute('disabled'));
    // the first field when there is one (forms), else the first control
    ((wide ? null : el.querySelector<HTMLElement>('input, select, textarea')) ?? focusable()[0] ?? el).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab') {
        const f = focusable();
        if (!f.length) return;
        const first = f[0];
        const last = f[f.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    el.addEventListener('keydown', onKey);
    return () => {
      el.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const id = 'dlg-' + title.replace(/\W+/g, '-').toLowerCase();
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={id} ref={ref} tabIndex={-1}>
        <header>
          <h2 id={id}>{title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** A refusal or failure in words; with {@code onRetry}, a button that tries the failed load again. */
export function ErrorNote({ error, onRetry }: { error: string | null; onRetry?: () => void }) {
  return error ? (
    <p className="error" role="alert">
      {error}
      {onRetry && (
        <>
          {' '}
          <button type="button" className="link" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </p>
  ) : null;
}
