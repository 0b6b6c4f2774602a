/** Shapes of the admin API's answers (API.md). */
export interface UsagePeriod {
  periodStart: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  documents?: number;
  documentsStored?: number;
  storageBytes?: number;
}

export interface UsageReport {
  items: UsagePeriod[];
  granularity: string;
  from: string;
  to: string;
  totals: { requests: number; promptTokens: number; completionTokens: number; documents?: number; storageBytes?: number };
  today: { requests: number; promptTokens: number; completionTokens: number; totalTokens?: number };
}

export interface User {
  id: string;
  email: string;
  role: string;
  status?: string;
  createdAt?: string;
  invitationToken?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes?: string[];
  knowledgeBaseIds?: string[] | null;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
  secret?: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actor?: { userId?: string | null; apiKeyId?: string | null; email?: string | null };
  action: string;
  resourceType?: string;
  resourceId?: string;
  /** The name, filename or title the event's detail carries. */
  resourceName?: string | null;
  outcome?: string;
  ip?: string;
}

export interface Plan {
  id: string;
  name: string;
  selfServe?: boolean;
  limits: Record<string, number>;
}

export const SCOPES = ['read', 'search', 'chat', 'upload', 'admin'];
export const ROLES = ['viewer', 'member', 'admin', 'owner'];
