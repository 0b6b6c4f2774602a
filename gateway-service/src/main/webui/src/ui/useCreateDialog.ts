import { useState } from 'react';

/**
 * Whether a create (or add) dialog is shown: {@code open} shows it, {@code close} hides it (Cancel, Escape), and
 * {@code created} hides it, then hands what it created to {@code onCreated}.
 */
export function useCreateDialog<T>(onCreated: (created: T) => void, initiallyShown: boolean | (() => boolean) = false) {
  const [shown, setShown] = useState(initiallyShown);
  return {
    shown,
    open: () => setShown(true),
    close: () => setShown(false),
    created: (item: T) => {
      setShown(false);
      onCreated(item);
    },
  };
}
