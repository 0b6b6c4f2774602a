import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Tenant } from '../api/model';
import { Chart } from '../charts/Chart';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import { fmtSize } from '../knowledge/DocumentTable';
import { Meter } from './Meter';
import { UsageBreakdown } from './UsageBreakdown';
import type { UsagePeriod, UsageReport } from './types';

function dayKey(d: Date, hourly: boolean) {
  return hourly ? d.toISOString().slice(0, 13) : d.toISOString().slice(0, 10);
}

/**
 * Today's usage against the plan's limits, requests and tokens per day (or hour) as charts, and the split by user
 * (admins) and by knowledge base.
 */
export function UsagePanel({ admin = false }: { admin?: boolean }) {
  const [granularity, setGranularity] = useState<'day' | 'hour'>('day');
  const [report, setReport] = useState<UsageReport | null>(null);
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    void run(get<UsageReport>(`/api/v1/usage?granularity=${granularity}&limit=200`).then(setReport));
  }, [granularity, run]);
  useEffect(() => {
    void run(get<Tenant>('/api/v1/tenant').then(setTenant));
  }, [run]);
  const hourly = granularity === 'hour';
  // every period of the range, zero where nothing was used
  const labels: string[] = [];
  const byKey = new Map((report?.items ?? []).map((p) => [dayKey(new Date(p.periodStart), hourly), p]));
  if (report) {
    const step = hourly ? 3_600_000 : 86_400_000;
    // periods start on UTC day (or hour) boundaries; the range's ends need not
    const end = new Date(report.to).getTime();
    for (let t = Math.floor(new Date(report.from).getTime() / step) * step; t < end; t += step) {
      labels.push(dayKey(new Date(t), hourly));
    }
  }
  const series = (f: (p: UsagePeriod) => number) => labels.map((l) => (byKey.has(l) ? f(byKey.get(l)!) : 0));
  const short = (l: string) => (hourly ? l.slice(11) + 'h' : l.slice(5));
  const limits = tenant?.limits ?? {};
  return (
    <section aria-label="Usage">
      <ErrorNote error={error} />
      <label className="inline">
        Granularity
        <select value={granularity} onChange={(e) => setGranularity(e.target.value as 'day' | 'hour')}>
          <option value="day">Days (30)</option>
          <option value="hour">Hours (24)</option>
        </select>
      </label>
      {tenant?.usage && (
        <div className="meters">
          <Meter label="Tokens today" value={tenant.usage.totalTokens ?? tenant.usage.promptTokens + tenant.usage.completionTokens} max={limits.tokensPerDay} />
          <Meter label="API requests today" value={tenant.usage.requests} />
          <Meter label="Documents stored" value={tenant.usage.documentsStored ?? 0} max={limits.maxDocuments} />
          <Meter
            label="Storage"
            value={(tenant.usage.storageBytes ?? 0) / 1_048_576}
            max={limits.maxStorageMb}
            shown={
              fmtSize(tenant.usage.storageBytes ?? 0) + (limits.maxStorageMb ? ` / ${limits.maxStorageMb.toLocaleString()} MB` : '')
            }
          />
        </div>
      )}
      {report && (
        <>
          <Chart
            data={{
              kind: 'bar',
              title: `Requests per ${granularity}`,
              labels: labels.map(short),
              series: [{ name: 'requests', values: series((p) => p.requests) }],
              limit: hourly && limits.requestsPerMinute ? { value: limits.requestsPerMinute * 60, label: 'plan limit' } : undefined,
            }}
          />
          <Chart
            data={{
              kind: 'bar',
              title: `Tokens per ${granularity}`,
              labels: labels.map(short),
              series: [
                { name: 'prompt tokens', values: series((p) => p.promptTokens) },
                { name: 'completion tokens', values: series((p) => p.completionTokens) },
              ],
              limit: !hourly && limits.tokensPerDay ? { value: limits.tokensPerDay, label: 'daily token limit' } : undefined,
            }}
          />
          <p className="muted">
            In this range: {report.totals.requests} requests, {report.totals.promptTokens} prompt and{' '}
            {report.totals.completionTokens} completion tokens, {report.totals.documents ?? 0} documents added.
          </p>
        </>
      )}
      <UsageBreakdown admin={admin} />
    </section>
  );
}
