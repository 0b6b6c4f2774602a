import { useEffect, useState } from 'react';
import type { StreamMessage } from './reducer';

/** A failed answer: why, and Retry (disabled while the server's Retry-After runs down). */
export function StreamError({ error, onRetry }: { error: NonNullable<StreamMessage['error']>; onRetry: () => void }) {
  const [left, setLeft] = useState(error.retryAfterSeconds ?? 0);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);
  const title =
    error.code === 'rate_limited'
      ? 'Too many requests right now.'
      : error.code === 'quota_exceeded'
        ? 'Your plan’s quota is used up.'
        : 'The answer failed.';
  return (
    <div className="error" role="alert">
      <strong>{title}</strong> {error.message}
      {left > 0 && <span> Retry possible in {left} s.</span>}{' '}
      <button type="button" onClick={onRetry} disabled={left > 0}>
        Retry
      </button>
    </div>
  );
}
