import type { components } from './openapi.gen';
import type { Citation } from '../chat/frames';
export type { Page } from './client';

/**
 * The API's answers, named from the schemas generated out of the public OpenAPI document (`npm run gen:api`;
 * docs/API.md, "OpenAPI"): nothing here restates a shape by hand; it only says which fields are always sent.
 */
export type Schemas = components['schemas'];

/** A record's field the service leaves unset is written as JSON null, which the generated schemas do not say. */
export type Wire<T> = { [P in keyof T]?: T[P] | null };

/**
 * A generated schema as it comes over the wire, with the fields the app relies on marked always present (the
 * services' records leave every field optional in OpenAPI, though these are never absent or null in an answer).
 */
export type Sent<T, K extends keyof T> = Omit<Wire<T>, K> & { [P in K]-?: NonNullable<T[P]> };

export type KnowledgeBase = Sent<Schemas['KnowledgeBase'], 'id' | 'name'>;

export type DocumentItem = Sent<Schemas['DocumentView'], 'id' | 'knowledgeBaseId' | 'filename' | 'status' | 'sizeBytes'>;

export type Conversation = Sent<Schemas['Conversation'], 'id'>;

/** A stored message; its citations are the WebSocket frames' (frames.ts, checked against contracts' record). */
export type StoredMessage = Omit<Sent<Schemas['Message'], 'id' | 'role' | 'content'>, 'citations'> & {
  citations?: Citation[] | null;
};

export type Thread = Omit<Sent<Schemas['Thread'], 'id'>, 'messages'> & { messages: StoredMessage[] };

/**
 * A tenant with its plan's limits, which are numbers (the service's record types them as a map of objects, so the
 * schema cannot say it) and its usage today.
 */
export type Tenant = Omit<Sent<Schemas['Tenant'], 'id' | 'name' | 'plan'>, 'limits' | 'usage'> & {
  limits: Record<string, number>;
  usage?: Sent<Schemas['Usage'], 'requests' | 'promptTokens' | 'completionTokens'> | null;
};

/** A bulk action's server-side job (`GET /api/v1/jobs/{id}`). */
export type Job = Sent<Schemas['Job'], 'id' | 'action' | 'status' | 'total' | 'done' | 'failed'>;

export const TERMINAL = new Set(['INDEXED', 'FAILED']);

/** Where an invitation code leads, shown before the invited person chooses a password. */
export type Invitation = Sent<Schemas['Invitation'], 'workspace' | 'email' | 'role' | 'expiresAt'>;
