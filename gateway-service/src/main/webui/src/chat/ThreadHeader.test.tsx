import { act, render, screen } from '@testing-library/react';
import { CONNECTING_GRACE_MS } from './ConnectionBadge';
import type { SocketStatus } from './socket';
import { ThreadHeader } from './ThreadHeader';

function header(status: SocketStatus) {
  return <ThreadHeader title="New chat" kbs={[]} sources={[]} onSources={vi.fn()} canChat status={status} />;
}

describe('the connection badge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says nothing while the first connection is made, and "Connecting…" only when it takes long', () => {
    const { rerender } = render(header('connecting'));
    act(() => vi.advanceTimersByTime(CONNECTING_GRACE_MS - 100));
    expect(screen.queryByRole('status')).toBeNull();
    rerender(header('open'));
    act(() => vi.advanceTimersByTime(CONNECTING_GRACE_MS));
    expect(screen.queryByRole('status')).toBeNull();

    rerender(header('connecting'));
    act(() => vi.advanceTimersByTime(CONNECTING_GRACE_MS));
    expect(screen.getByRole('status').textContent).toBe('Connecting…');
  });

  it('says "Reconnecting…" at once after a drop, and "Disconnected" when it gave up', () => {
    const { rerender } = render(header('open'));
    rerender(header('reconnecting'));
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
    rerender(header('closed'));
    expect(screen.getByRole('status').textContent).toBe('Disconnected');
    rerender(header('open'));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
