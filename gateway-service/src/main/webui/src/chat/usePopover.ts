import { useEffect, useRef } from 'react';

/**
 * A popover on a {@code <details>}: it closes on a click elsewhere and whenever {@code closeSignal} changes; the
 * returned {@code onKeyDown} closes it on Escape and gives focus back to its summary.
 */
export function usePopover(closeSignal?: unknown) {
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
  const close = () => {
    if (ref.current) ref.current.open = false;
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && ref.current?.open) {
      e.preventDefault();
      close();
      ref.current.querySelector('summary')?.focus();
    }
  };
  return { ref, close, onKeyDown };
}
