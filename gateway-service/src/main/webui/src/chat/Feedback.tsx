import { useState } from 'react';
import { describe, post } from '../api/client';
import { ThumbDownIcon, ThumbUpIcon } from '../ui/Icons';

/** Thumbs up or down on an answer. */
export function Feedback({ messageId }: { messageId: string }) {
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const rate = (r: 'up' | 'down') => {
    setRating(r);
    post(`/api/v1/messages/${messageId}/feedback`, { rating: r })
      .then(() => setNote('Thanks for the feedback'))
      .catch((e) => setNote(describe(e, 'Feedback is not available yet')));
  };
  return (
    <div className="feedback">
      <button type="button" className="icon" aria-label="Helpful" aria-pressed={rating === 'up'} onClick={() => rate('up')}>
        <ThumbUpIcon />
      </button>
      <button type="button" className="icon" aria-label="Not helpful" aria-pressed={rating === 'down'} onClick={() => rate('down')}>
        <ThumbDownIcon />
      </button>
      {note && <span className="muted" role="status">{note}</span>}
    </div>
  );
}
