import { useState } from 'react';
import { CopyIcon, RegenerateIcon } from '../ui/Icons';
import { Feedback } from './Feedback';
import type { Citation } from './frames';
import { answerMarkdown } from './transcript';

/** Under an answer: Copy (its Markdown with numbered sources), Regenerate on the last answer, and feedback. */
export function AnswerActions(props: {
  content: string;
  citations: Citation[];
  messageId?: string;
  onRegenerate?: () => void;
}) {
  const { content, citations, messageId, onRegenerate } = props;
  const [note, setNote] = useState<string | null>(null);
  const copy = () => {
    const text = answerMarkdown(content, citations);
    // the Clipboard API needs a secure context (https or localhost); elsewhere say so instead of failing silently
    const done = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'));
    done.then(
      () => setNote('Copied'),
      () => setNote('Copying is not available here'),
    );
  };
  return (
    <div className="answer-actions">
      <button type="button" className="icon" aria-label="Copy answer" title="Copy answer" onClick={copy}>
        <CopyIcon />
      </button>
      {onRegenerate && (
        <button type="button" className="icon" aria-label="Regenerate answer" title="Regenerate answer" onClick={onRegenerate}>
          <RegenerateIcon />
        </button>
      )}
      {messageId && <Feedback messageId={messageId} />}
      {note && (
        <span className="muted" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
