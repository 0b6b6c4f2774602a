import type { FormEvent, KeyboardEvent, Ref, TextareaHTMLAttributes } from 'react';

/** What a key does in a message box; nothing (false, undefined) leaves the key its usual meaning. */
type KeyAction = (() => void) | false | undefined;

/** A form's submit that stays on the page and calls {@code send} instead. */
export const submitTo = (send: () => void) => (e: FormEvent) => {
  e.preventDefault();
  send();
};

/**
 * A text box with a label for screen readers only, whose Enter sends: Shift+Enter breaks the line, and an Enter that
 * ends an IME composition only ends it. A key in {@code keys} runs its action instead of its usual meaning where it
 * has one. Other attributes go to the textarea as they are.
 */
export function MessageBox(
  props: {
    id: string;
    label: string;
    value: string;
    onValue: (v: string) => void;
    onSend: () => void;
    keys?: Record<string, KeyAction>;
    ref?: Ref<HTMLTextAreaElement>;
  } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'onKeyDown'>,
) {
  const { id, label, onValue, onSend, keys = {}, ...textarea } = props;
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const action = e.key === 'Enter' ? !e.shiftKey && !e.nativeEvent.isComposing && onSend : keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea id={id} {...textarea} onChange={(e) => onValue(e.target.value)} onKeyDown={onKeyDown} />
    </>
  );
}
