import { useState } from 'react';

/** The message box: Enter sends, Shift+Enter breaks the line; Stop cancels the answers streaming. */
export function Composer({ streaming, onSend, onStop }: { streaming: boolean; onSend: (q: string) => void; onStop: () => void }) {
  const [text, setText] = useState('');
  const send = () => {
    const q = text.trim();
    if (!q || streaming) return;
    onSend(q);
    setText('');
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor="message" className="sr-only">
        Message
      </label>
      <textarea
        id="message"
        name="message"
        rows={2}
        placeholder="Ask a question (Enter sends, Shift+Enter for a new line)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {streaming ? (
        <button type="button" className="danger" onClick={onStop}>
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
