/**
 * One usage figure, with a meter against its plan limit when there is one; {@code shown} words the figure and its
 * limit when plain numbers would mislead (storage in bytes against a limit in MB).
 */
export function Meter({ label, value, max, shown }: { label: string; value: number; max?: number; shown?: string }) {
  return (
    <div className="meter">
      <span>{label}</span>
      <strong>
        {shown ?? (
          <>
            {value.toLocaleString()}
            {max ? ` / ${max.toLocaleString()}` : ''}
          </>
        )}
      </strong>
      {max ? <meter min={0} max={max} value={value} low={max * 0.7} high={max * 0.9} aria-label={label} /> : null}
    </div>
  );
}
