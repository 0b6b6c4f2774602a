import { act, render, screen, within } from '@testing-library/react';
import { stubFetch } from '../test/fixtures';
import { UsageBreakdown } from './UsageBreakdown';

afterEach(() => vi.unstubAllGlobals());

describe('usage by user and by knowledge base', () => {
  it('lists users by tokens and knowledge bases by name with their storage', async () => {
    stubFetch({
      '/api/v1/usage/users': {
        items: [{ userId: 'u1', email: 'ann@example.com', answers: 3, promptTokens: 1200, completionTokens: 300 }],
        nextCursor: null,
      },
      '/api/v1/usage/knowledge-bases': { items: [{ knowledgeBaseId: 'k1', documents: 4, storageBytes: 3 * 1048576 }], nextCursor: null },
      '/api/v1/knowledge-bases': { items: [{ id: 'k1', name: 'Handbook' }], nextCursor: null },
    });
    await act(async () => {
      render(<UsageBreakdown admin />);
    });
    const byUser = within(screen.getByRole('region', { name: 'Usage by user' }));
    expect(byUser.getByText('ann@example.com')).toBeTruthy();
    expect(byUser.getByText('1,200')).toBeTruthy();
    const byKb = within(screen.getByRole('region', { name: 'Usage by knowledge base' }));
    expect(byKb.getByText('Handbook')).toBeTruthy();
    expect(byKb.getByText('3.0 MB')).toBeTruthy();
  });

  it('hides the users from non-admins and says when the server lacks the split', async () => {
    const fetch = stubFetch({});
    await act(async () => {
      render(<UsageBreakdown admin={false} />);
    });
    expect(screen.queryByRole('heading', { name: /By user/ })).toBeNull();
    expect(fetch.mock.calls.some(([u]) => String(u).startsWith('/api/v1/usage/users'))).toBe(false);
    expect(screen.getByText('Usage by knowledge base is not available on this server.')).toBeTruthy();
  });
});
