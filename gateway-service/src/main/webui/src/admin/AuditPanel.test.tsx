import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { AuditPanel, actorLabel } from './AuditPanel';

function answer(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

const EVENTS = [
  {
    id: 'e-1',
    occurredAt: '2026-12-01T10:00:00Z',
    actor: { userId: 'aaaaaaaa-1111-2222-3333-444444444444', apiKeyId: null, email: 'ann@example.com' },
    action: 'document.upload',
    resourceType: 'document',
    resourceId: 'dddddddd-1111-2222-3333-444444444444',
    resourceName: 'handbook.pdf',
    outcome: 'success',
    ip: '10.0.0.7',
  },
  {
    id: 'e-2',
    occurredAt: '2026-12-01T09:00:00Z',
    actor: { userId: null, apiKeyId: 'kkkkkkkk-1111-2222-3333-444444444444', email: null },
    action: 'document.delete',
    resourceType: 'document',
    resourceId: 'eeeeeeee-1111-2222-3333-444444444444',
    outcome: 'success',
  },
];

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the audit log', () => {
  it('shows emails and resource names, and filters by the recorded actions', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.startsWith('/api/v1/audit-events/actions')
        ? answer(['document.delete', 'document.upload'])
        : answer({ items: url.includes('action=document.delete') ? [EVENTS[1]] : EVENTS, nextCursor: null }),
    );
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<AuditPanel />);
    });
    const table = screen.getByRole('table');
    expect(within(table).getByText('ann@example.com')).toBeTruthy();
    expect(within(table).getByText('handbook.pdf')).toBeTruthy();
    expect(within(table).getByText('API key kkkkkkkk')).toBeTruthy();
    const select = screen.getByLabelText('Action') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['All', 'document.delete', 'document.upload']);
    await act(async () => {
      fireEvent.change(select, { target: { value: 'document.delete' } });
    });
    const urls = fetch.mock.calls.map((c) => String(c[0]));
    expect(urls.some((u) => u.startsWith('/api/v1/audit-events?') && u.includes('action=document.delete'))).toBe(
      true,
    );
    expect(within(table).queryByText('ann@example.com')).toBeNull();
  });

  it('labels actors without an email by a short id', () => {
    expect(actorLabel({ userId: 'aaaaaaaa-1111', apiKeyId: null, email: null })).toBe('aaaaaaaa');
    expect(actorLabel({ apiKeyId: 'kkkkkkkk-1111' })).toBe('API key kkkkkkkk');
    expect(actorLabel({ userId: 'aaaaaaaa-1111', email: 'ann@example.com' })).toBe('ann@example.com');
    expect(actorLabel(undefined)).toBe('');
  });
});
