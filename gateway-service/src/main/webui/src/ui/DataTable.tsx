import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react';

/** One column: its header and how a row fills its cell. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** How a row's React key is read: rows with an `id` are keyed by it unless told otherwise; other rows must say how. */
type RowKey<T> = [T] extends [{ id: string }] ? { rowKey?: (row: T) => string } : { rowKey: (row: T) => string };

const byId = (row: unknown) => (row as { id: string }).id;

/**
 * The app's one table: headers with `scope=col`, a row per item, an optional sentence when there are none, inside a
 * `.table-wrap` that scrolls sideways on its own (never the page). The wrapper is a labelled, focusable region so a
 * keyboard can scroll it; inside it, ArrowUp/ArrowDown move between the rows' first controls (Tab still walks every
 * control).
 */
export function DataTable<T>(
  props: {
    label: string;
    rows: T[];
    columns: Column<T>[];
    empty?: ReactNode;
    className?: string;
    rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  } & RowKey<T>,
) {
  const { label, rows, columns, rowKey = byId, empty, className, rowProps } = props;
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0} onKeyDown={moveBetweenRows}>
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i} className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} {...rowProps?.(r)}>
              {columns.map((c, i) => (
                <td key={i} className={c.className}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
          {!rows.length && empty && (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const CONTROL = ':is(button, [href], input, select, textarea):not([disabled])';

/** ArrowUp/ArrowDown from a control in a body row focus the first control of the row above/below. */
function moveBetweenRows(e: KeyboardEvent<HTMLDivElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const target = e.target as HTMLElement;
  // selects and text fields use the arrows themselves
  if (target.matches('select, textarea, input:not([type=checkbox]):not([type=radio])')) return;
  const row = target.closest('tbody tr');
  if (!row) return;
  let next = e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
  while (next && !next.querySelector(CONTROL)) next = e.key === 'ArrowDown' ? next.nextElementSibling : next.previousElementSibling;
  const control = next?.querySelector<HTMLElement>(CONTROL);
  if (control) {
    e.preventDefault();
    control.focus();
  }
}
