import type { InputHTMLAttributes, ReactNode } from 'react';

/** A labelled input whose onChange hands over the new value; other attributes go to the input as they are. */
export function Field({
  label,
  onValue,
  ...input
}: { label: ReactNode; onValue: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>) {
  return (
    <label>
      {label}
      <input {...input} onChange={(e) => onValue(e.target.value)} />
    </label>
  );
}

/** A select's options for things with an id and a name: the id is the value, the name is shown. */
export function NamedOptions({ items }: { items: readonly { id: string; name: string }[] }) {
  return (
    <>
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </>
  );
}
