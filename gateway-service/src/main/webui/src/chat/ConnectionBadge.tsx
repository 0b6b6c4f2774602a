import { useEffect, useState } from 'react';
import type { SocketStatus } from './socket';

/** How long the first connection may take before the badge says it is still connecting. */
export const CONNECTING_GRACE_MS = 1500;

const CONNECTION: Record<Exclude<SocketStatus, 'open'>, string> = {
  closed: 'Disconnected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
};

/**
 * The chat connection's state, shown only when it is not working: nothing while it is open or while the first
 * connection is made (unless that takes longer than {@link CONNECTING_GRACE_MS}), "Reconnecting…" after a drop and
 * "Disconnected" when it gave up.
 */
export function ConnectionBadge({ status }: { status: SocketStatus }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (status !== 'connecting') return;
    const t = setTimeout(() => setSlow(true), CONNECTING_GRACE_MS);
    return () => clearTimeout(t);
  }, [status]);
  if (status === 'open' || (status === 'connecting' && !slow)) return null;
  return (
    <span className="badge warn" role="status">
      {CONNECTION[status]}
    </span>
  );
}
