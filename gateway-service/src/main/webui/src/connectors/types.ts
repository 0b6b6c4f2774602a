/** connector-service's shapes (docs/API.md, "Connectors"). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  format?: string;
}

export interface ConnectorType {
  type: string;
  name: string;
  capabilities: Record<string, boolean>;
  schema: JsonSchema;
}

export interface RunCounts {
  seen: number;
  added: number;
  updated: number;
  deleted: number;
  failed: number;
}

export interface Run {
  id: string;
  connectorId: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'COMPLETED_WITH_ERRORS' | 'FAILED' | 'INTERRUPTED' | 'CANCELLED';
  trigger: string;
  full: boolean;
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  counts: RunCounts;
  error?: string;
}

export interface Connector {
  id: string;
  type: string;
  name: string;
  knowledgeBaseId: string;
  config: Record<string, unknown>;
  hasCredentials: boolean;
  schedule?: { intervalMinutes: number } | null;
  paused: boolean;
  flagged: boolean;
  consecutiveFailures: number;
  lastRun?: Run | null;
  createdAt: string;
}

export interface RunError {
  itemId: string;
  name?: string;
  url?: string;
  code: string;
  message: string;
  at: string;
}

export const ACTIVE: Run['status'][] = ['QUEUED', 'RUNNING'];
