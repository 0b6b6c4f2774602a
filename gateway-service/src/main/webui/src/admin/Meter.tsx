/** One usage figure, with a meter against its plan limit when there is one. */
export function Meter({ label, value, max }: { label: string; value: number; max?: number }) {
  return (
    <div className="meter">
      <span>{label}</span>
      <strong>
        {value.toLocaleString()}
        {max ? ` / ${max.toLocaleString()}` : ''}
      </strong>
      {max ? <meter min={0} max={max} value={value} low={max * 0.7} high={max * 0.9} aria-label={label} /> : null}
    </div>
  );
}
