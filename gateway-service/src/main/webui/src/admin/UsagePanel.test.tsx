import { act, render, screen } from '@testing-library/react';
import { stubFetch } from '../test/fixtures';
import { UsagePanel } from './UsagePanel';

afterEach(() => vi.unstubAllGlobals());

describe('the usage meters', () => {
  it('word a small storage in its own unit against the plan limit in MB, not rounded up to 1 MB', async () => {
    stubFetch({
      '/api/v1/usage?': {
        granularity: 'day',
        items: [],
        from: '2026-12-01T00:00:00Z',
        to: '2026-12-02T00:00:00Z',
        totals: { requests: 0, promptTokens: 0, completionTokens: 0 },
        today: { requests: 0, promptTokens: 0, completionTokens: 0 },
      },
      '/api/v1/tenant': {
        id: 't1',
        name: 'Acme',
        plan: 'free',
        limits: { maxStorageMb: 500 },
        usage: { promptTokens: 0, completionTokens: 0, requests: 2, documentsStored: 1, storageBytes: 1331 },
      },
    });
    await act(async () => {
      render(<UsagePanel />);
    });
    expect(screen.getByText('1.3 KB / 500 MB')).toBeTruthy();
    const meter = screen.getByRole('meter', { name: 'Storage' }) as HTMLMeterElement;
    expect(meter.value).toBeGreaterThan(0);
    expect(meter.value).toBeLessThan(0.01);
  });
});
