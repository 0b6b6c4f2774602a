import { useEffect, useRef, useState } from 'react';
import { MessageBox, submitTo } from './MessageBox';

/**
 * How long Stop ignores clicks after an answer starts: Send turns into Stop under the pointer, and the second click of
 * a double-click on Send must not cancel the answer it just asked for.
 */
export const STOP_GRACE_MS = 600;

/**
 * The message box: Enter sends, Shift+Enter breaks the line; Stop (or Escape while an answer streams) cancels the
 * answers streaming; Arrow Up in the empty box edits the last question. It stays enabled while an answer streams (the
 * next question can be typed) and keeps focus after a send.
 */
export function Composer(props: {
  streaming: boolean;
  onSend: (q: string) => void;
  onStop: () => void;
  onEditLast?: () => void;
  /** A question to start from (a suggested question's `?ask=`): put in the box, never sent unasked. */
  initial?: string;
}) {
  const { streaming, onSend, onStop, onEditLast, initial } = props;
  const [text, setText] = useState(initial ?? '');
  const box = useRef<HTMLTextAreaElement>(null);
  const streamingSince = useRef(0);
  useEffect(() => {
    if (streaming) streamingSince.current = Date.now();
  }, [streaming]);
  // a suggested question put in the box: the box has the focus, the caret at its end, so Enter asks it
  useEffect(() => {
    if (!initial || !box.current) return;
    box.current.focus();
    box.current.setSelectionRange(initial.length, initial.length);
  }, [initial]);
  const send = () => {
    const q = text.trim();
    if (!q || streaming) return;
    onSend(q);
    setText('');
    box.current?.focus();
  };
  return (
    <form className="composer" onSubmit={submitTo(send)}>
      <MessageBox
        ref={box}
        id="message"
        label="Message"
        name="message"
        rows={2}
        placeholder="Ask a question (Enter sends, Shift+Enter for a new line)"
        aria-keyshortcuts="Enter Shift+Enter Escape ArrowUp"
        value={text}
        onValue={setText}
        onSend={send}
        keys={{ Escape: streaming && onStop, ArrowUp: !text && onEditLast }}
      />
      {streaming ? (
        <button
          type="button"
          className="danger"
          onClick={(e) => {
            // the second click of a double-click on Send (detail 2), or any click just after it turned into Stop
            if (e.detail > 1 || Date.now() - streamingSince.current < STOP_GRACE_MS) return;
            onStop();
          }}
        >
          Stop
        </button>
      ) : (
        <button type="submit" className="primary" disabled={!text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}
