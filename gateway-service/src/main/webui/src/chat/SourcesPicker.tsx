import type { KnowledgeBase } from '../api/model';
import { usePopover } from './usePopover';

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
  const { ref, onKeyDown } = usePopover(closeSignal);
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
      onKeyDown={onKeyDown}
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
