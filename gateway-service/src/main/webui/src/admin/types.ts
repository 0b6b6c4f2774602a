import type { Schemas, Sent, Wire } from '../api/model';

/** The admin API's answers, named from the generated schemas (api/model.ts). */
export type UsagePeriod = Sent<Schemas['UsagePeriod'], 'periodStart' | 'requests' | 'promptTokens' | 'completionTokens'>;

type Totals = Sent<Schemas['Usage'], 'requests' | 'promptTokens' | 'completionTokens'>;

export type UsageReport = Omit<
  Sent<Schemas['UsageReport'], 'granularity' | 'from' | 'to'>,
  'items' | 'totals' | 'today'
> & { items: UsagePeriod[]; totals: Totals; today: Totals };

export type User = Sent<Schemas['User'], 'id' | 'email' | 'role'>;

/**
 * An API key; `secret` is only in the create's answer, which the service builds as a plain response (so the
 * generated schema cannot name it).
 */
export type ApiKey = Sent<Schemas['ApiKey'], 'id' | 'name' | 'prefix'> & { secret?: string };

export type AuditEvent = Omit<Sent<Schemas['AuditEvent'], 'id' | 'occurredAt' | 'action'>, 'actor'> & {
  actor?: Wire<Schemas['Actor']> | null;
};

/** A plan; its limits are numbers (a map of objects in the service's record, so the schema cannot say it). */
export type Plan = Omit<Sent<Schemas['Plan'], 'id' | 'name'>, 'limits'> & { limits: Record<string, number> };

export const SCOPES = ['read', 'search', 'chat', 'upload', 'admin'];
export const ROLES = ['viewer', 'member', 'admin', 'owner'];
