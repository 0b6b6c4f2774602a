import type { ReactNode } from 'react';
import { ErrorNote } from './Dialog';

/** An admin section: its accessible name, the last error, an optional primary action, then its content. */
export function Panel(props: {
  label: string;
  error: string | null;
  action?: { label: string; onClick: () => void };
  children: ReactNode;
}) {
  const { label, error, action, children } = props;
  return (
    <section aria-label={label}>
      <ErrorNote error={error} />
      {action && (
        <button type="button" className="primary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
      {children}
    </section>
  );
}

/** A labelled select whose first option ("All" by default) means no filter. */
export function SelectFilter(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (v: string) => void;
  all?: string;
  className?: string;
}) {
  const { label, value, options, onChange, all = 'All', className } = props;
  // a value the options no longer hold (a stale filter) stays selectable
  const shown = value && !options.includes(value) ? [...options, value] : options;
  return (
    <label className={className}>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {shown.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled `role=search` form (landmarks need distinct names) whose submit (Enter) runs {@code onSearch} instead of navigating. */
export function SearchForm(props: { label: string; className?: string; onSearch: () => void; children: ReactNode }) {
  return (
    <form
      className={props.className}
      role="search"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch();
      }}
    >
      {props.children}
    </form>
  );
}
