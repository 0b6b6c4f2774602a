import type { Citation } from '../chat/frames';
export type { Page } from './client';

/** Shapes of the API's answers (API.md). */
export interface KnowledgeBase {
  id: string;
  name: string;
  description?: string | null;
  documentCount?: number;
  embeddingModel?: string;
  createdAt?: string;
}

export interface DocumentItem {
  id: string;
  knowledgeBaseId: string;
  filename: string;
  contentType?: string;
  sizeBytes?: number;
  tags?: string[];
  status: string;
  error?: string | null;
  chunkCount?: number | null;
  version?: number;
  createdAt?: string;
  indexedAt?: string | null;
  duplicate?: boolean;
}

export interface Conversation {
  id: string;
  title: string | null;
  knowledgeBaseIds?: string[] | null;
  createdAt?: string;
  updatedAt?: string;
  pinned?: boolean;
  /** In a search: a snippet of the newest message containing the query (absent when only the title matched). */
  match?: string | null;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant' | string;
  content: string;
  citations?: Citation[];
  finishReason?: string;
  createdAt?: string;
}

export interface Thread extends Conversation {
  messages: StoredMessage[];
}

export type Limits = Record<string, number>;

export interface Tenant {
  id: string;
  name: string;
  plan: string;
  status?: string;
  limits: Limits;
  usage?: {
    requests: number;
    promptTokens: number;
    completionTokens: number;
    totalTokens?: number;
    documentsStored?: number;
    storageBytes?: number;
  };
}

export const TERMINAL = new Set(['INDEXED', 'FAILED']);

/** A bulk action's server-side job (`GET /api/v1/jobs/{id}`). */
export interface Job {
  id: string;
  action: 'delete' | 'reprocess' | 'tag' | 'untag';
  status: 'QUEUED' | 'RUNNING' | 'DONE';
  total: number;
  done: number;
  failed: number;
}
