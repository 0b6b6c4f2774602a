import type { Schemas, Sent } from '../api/model';

/** A JSON Schema as connector types describe their configuration with (docs/API.md, "Connectors"). */
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

/** The connector API's answers, named from the generated schemas (api/model.ts). */
export type ConnectorType = Omit<Sent<Schemas['ConnectorType'], 'type' | 'name' | 'capabilities'>, 'schema'> & {
  /** The type's configuration form (a JSON Schema, which the API's own schema can only call an object). */
  schema: JsonSchema;
};

export type RunCounts = Sent<Schemas['Counts'], 'seen' | 'added' | 'updated' | 'deleted' | 'failed'>;

export type Run = Omit<Sent<Schemas['Run'], 'id' | 'connectorId' | 'status' | 'trigger' | 'full' | 'queuedAt'>, 'counts'> & {
  counts: RunCounts;
};

export type Connector = Omit<
  Sent<Schemas['View'], 'id' | 'type' | 'name' | 'knowledgeBaseId' | 'hasCredentials' | 'paused' | 'flagged' | 'consecutiveFailures' | 'createdAt'>,
  'config' | 'lastRun'
> & {
  /** The type's settings (a JSON object; the service holds it as a Jackson tree). */
  config: Record<string, unknown>;
  lastRun?: Run | null;
};

export type RunError = Sent<Schemas['ItemError'], 'itemId' | 'code' | 'message' | 'at'>;

export const ACTIVE: Run['status'][] = ['QUEUED', 'RUNNING'];
