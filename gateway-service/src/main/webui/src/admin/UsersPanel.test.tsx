import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { sessionAs } from '../test/fixtures';
import { UsersPanel } from './UsersPanel';

afterEach(() => vi.unstubAllGlobals());

describe('the users panel', () => {
  it('asks before removing a user, and removes only once confirmed', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return new Response(
        JSON.stringify({
          items: [{ id: 'u-2', email: 'bob@example.com', role: 'member', status: 'active' }],
          nextCursor: null,
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    });
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<UsersPanel session={sessionAs('owner')} />);
    });
    const deletes = () => fetch.mock.calls.filter((c) => (c[1] as RequestInit | undefined)?.method === 'DELETE');
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove user' });
    expect(dialog.textContent).toContain('bob@example.com');
    expect(deletes()).toHaveLength(0);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' })));
    expect(deletes()).toHaveLength(1);
    expect(String(deletes()[0][0])).toBe('/api/v1/users/u-2');
  });
});
