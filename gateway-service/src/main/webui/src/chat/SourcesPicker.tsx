import { useEffect, useRef } from 'react';
import type { KnowledgeBase } from '../api/types';

/**
 * Which knowledge bases the conversation searches (none chosen: all of them). A popover on a {@code <details>}: it
 * closes on Escape, on a click elsewhere and whenever {@code closeSignal} changes (the chat bumps it on send).
 */
export function SourcesPicker(props: {
  kbs: KnowledgeBase[] | null;
  selected: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
  closeSignal?: number;
}) {
  const { selected, onChange, disabled, closeSignal } = props;
  const kbs = props.kbs ?? [];
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [closeSignal]);
  useEffect(() => {
    const outside = (e: MouseEvent) => {
      const el = ref.current;
      if (el?.open && e.target instanceof Node && !el.contains(e.target)) el.open = false;
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, []);
  const label = selected.length
    ? kbs
        .filter((k) => selected.includes(k.id))
        .map((k) => k.name)
        .join(', ') || `${selected.length} selected`
    : 'All knowledge bases';
  return (
    <details
      className="kb-select"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.preventDefault();
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary>Sources: {label}</summary>
      <fieldset disabled={disabled}>
        <legend className="sr-only">Knowledge bases to search</legend>
        {kbs.map((k) => (
          <label key={k.id} className="check">
            <input
              type="checkbox"
              checked={selected.includes(k.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, k.id] : selected.filter((x) => x !== k.id))}
            />
            {k.name}
          </label>
        ))}
        {props.kbs && !kbs.length && <p className="muted">No knowledge bases yet.</p>}
      </fieldset>
    </details>
  );
}
