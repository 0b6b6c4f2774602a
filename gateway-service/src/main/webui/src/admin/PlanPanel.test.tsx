import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { Session } from '../api/session';
import { PlanPanel } from './PlanPanel';

function answer(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An unsigned token with these claims (the panel only reads them). */
function token(claims: Record<string, unknown>) {
  return `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;
}

const OWNER: Session = {
  token: token({ sub: 'u', tenant_id: 't', plan: 'free', groups: ['owner'] }),
  claims: { sub: 'u', tenant_id: 't', plan: 'free', groups: ['owner'] },
  expiresAt: Date.now() + 60_000,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the plan panel', () => {
  it('changes the plan only after it is confirmed, then renews the session for the new plan', async () => {
    let plan = 'free';
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/plans') {
        return answer({
          items: [
            { id: 'free', name: 'Free', selfServe: true, limits: {} },
            { id: 'pro', name: 'Pro', selfServe: true, limits: {} },
          ],
        });
      }
      if (url === '/api/v1/tenant/plan' && init?.method === 'PUT') {
        plan = JSON.parse(String(init.body)).plan;
        return answer({ plan });
      }
      if (url === '/api/v1/auth/refresh') {
        return answer({ accessToken: token({ sub: 'u', tenant_id: 't', plan, groups: ['owner'] }), expiresIn: 300 });
      }
      return answer({ id: 't', name: 'Acme', plan, limits: { requestsPerMinute: 60 } });
    });
    vi.stubGlobal('fetch', fetch);
    await act(async () => {
      render(<PlanPanel session={OWNER} />);
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Change plan' }), { target: { value: 'pro' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('from the Free plan to the Pro plan');
    expect(fetch.mock.calls.some(([u]) => u === '/api/v1/tenant/plan')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fetch.mock.calls.some(([u]) => u === '/api/v1/tenant/plan')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Change' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Change plan' }));
    });
    expect(plan).toBe('pro');
    expect(fetch.mock.calls.some(([u]) => u === '/api/v1/auth/refresh')).toBe(true);
    expect(screen.getByText('pro', { selector: 'strong' })).toBeTruthy();
  });
});
