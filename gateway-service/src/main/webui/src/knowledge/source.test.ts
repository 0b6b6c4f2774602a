import { describe, expect, it } from 'vitest';
import type { DocumentItem } from '../api/model';
import { connectorSource } from './source';

const doc = (source: Record<string, unknown> | null): DocumentItem =>
  ({ id: 'd', knowledgeBaseId: 'k', filename: 'f.txt', status: 'INDEXED', sizeBytes: 1, source }) as DocumentItem;

describe('connectorSource', () => {
  it('says nothing for an upload or a document without a source', () => {
    expect(connectorSource(doc({ type: 'upload' }))).toBeNull();
    expect(connectorSource(doc(null))).toBeNull();
  });

  it("names the connector's type and links the item", () => {
    expect(connectorSource(doc({ type: 'confluence', connectorId: 'c', url: 'https://wiki.example.com/p/1' }))).toEqual({
      title: 'Confluence',
      url: 'https://wiki.example.com/p/1',
    });
  });

  it('never links anything but an http(s) address', () => {
    expect(connectorSource(doc({ type: 's3', url: 'javascript:alert(1)' }))).toEqual({ title: 'S3', url: undefined });
  });
});
