import { ApiError } from '../api/client';
import { UploadQueue, type Sender, type UploadItem } from './uploadQueue';

const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });

interface Pending {
  item: UploadItem;
  progress: (l: number, t: number) => void;
  resolve: (r: { documentId?: string; duplicate?: boolean }) => void;
  reject: (e: Error) => void;
}

function harness(concurrency = 2, maxBytes = Infinity) {
  const pending: Pending[] = [];
  let items: UploadItem[] = [];
  const send: Sender = (item, progress) =>
    new Promise((resolve, reject) => pending.push({ item, progress, resolve, reject }));
  const q = new UploadQueue(send, (i) => (items = i), concurrency, maxBytes);
  return { q, pending, items: () => items, byName: (n: string) => items.find((i) => i.file.name === n)! };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('upload queue', () => {
  it('uploads at most the allowed number of files at once, in drop order', async () => {
    const h = harness(2);
    h.q.add('kb', [file('a.pdf', 10), file('b.pdf', 10), file('c.pdf', 10)]);
    expect(h.pending.map((p) => p.item.file.name)).toEqual(['a.pdf', 'b.pdf']);
    expect(h.byName('c.pdf').status).toBe('queued');
    h.pending[0].resolve({ documentId: 'd-a' });
    await flush();
    expect(h.byName('a.pdf')).toMatchObject({ status: 'done', documentId: 'd-a' });
    expect(h.pending.map((p) => p.item.file.name)).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
  });

  it('tracks per-file progress', () => {
    const h = harness(1);
    h.q.add('kb', [file('a.pdf', 100), file('b.pdf', 100)]);
    h.pending[0].progress(40, 100);
    expect(h.byName('a.pdf')).toMatchObject({ status: 'uploading', loaded: 40, total: 100 });
    expect(h.byName('b.pdf').loaded).toBe(0);
    expect(h.q.progress()).toBeCloseTo(0.2);
  });

  it('fails empty and oversized files without sending them', () => {
    const h = harness(2, 50);
    h.q.add('kb', [file('empty.pdf', 0), file('big.pdf', 51), file('ok.pdf', 50)]);
    expect(h.byName('empty.pdf')).toMatchObject({ status: 'failed', error: 'The file is empty' });
    expect(h.byName('big.pdf').status).toBe('failed');
    expect(h.pending.map((p) => p.item.file.name)).toEqual(['ok.pdf']);
  });

  it('reports a duplicate and a rejected upload, and retries the rejected one', async () => {
    const h = harness(2);
    h.q.add('kb', [file('dup.pdf', 5), file('bad.pdf', 5)]);
    h.pending[0].resolve({ documentId: 'd-1', duplicate: true });
    h.pending[1].reject(new Error('Unsupported Media Type'));
    await flush();
    expect(h.byName('dup.pdf').status).toBe('duplicate');
    expect(h.byName('bad.pdf')).toMatchObject({ status: 'failed', error: 'Unsupported Media Type' });
    h.q.retry(h.byName('bad.pdf').key);
    expect(h.pending).toHaveLength(3);
    expect(h.byName('bad.pdf').status).toBe('uploading');
  });

  it('clears finished uploads and keeps the running ones', async () => {
    const h = harness(1);
    h.q.add('kb', [file('a.pdf', 5), file('b.pdf', 5)]);
    h.pending[0].resolve({});
    await flush();
    h.q.clearFinished();
    expect(h.items().map((i) => i.file.name)).toEqual(['b.pdf']);
  });
});

describe('upload queue completion', () => {
  it('shows a finished upload as fully sent even when the request body was larger than the file', async () => {
    const h = harness(1);
    h.q.add('kb', [file('a.pdf', 100)]);
    h.pending[0].progress(90, 350);
    h.pending[0].resolve({ documentId: 'd-a' });
    await flush();
    expect(h.byName('a.pdf')).toMatchObject({ status: 'done', loaded: 350, total: 350 });
  });

  it('offers no retry for a file the server refused, and a retry after a transient failure', async () => {
    const h = harness(2);
    h.q.add('kb', [file('scan.xyz', 10), file('later.pdf', 10)]);
    h.pending[0].reject(new ApiError(415, 'unsupported_media_type', 'Detected application/x-xyz: convert it to PDF or DOCX'));
    h.pending[1].reject(new ApiError(503, 'unavailable', 'Try again later'));
    await flush();
    expect(h.byName('scan.xyz')).toMatchObject({ status: 'failed', retryable: false, error: 'Detected application/x-xyz: convert it to PDF or DOCX' });
    expect(h.byName('later.pdf')).toMatchObject({ status: 'failed', retryable: true });
    h.q.retry(h.byName('scan.xyz').key);
    h.q.retry(h.byName('later.pdf').key);
    expect(h.byName('scan.xyz').status).toBe('failed');
    expect(h.byName('later.pdf').status).toBe('uploading');
    expect(h.pending).toHaveLength(3);
  });

  it('shows a file of a folder by its path inside the folder', () => {
    const h = harness(2);
    h.q.add('kb', [{ file: file('a.pdf', 10), path: 'handbook/hr/a.pdf' }, file('b.pdf', 10)]);
    expect(h.items().map((i) => i.path)).toEqual(['handbook/hr/a.pdf', 'b.pdf']);
  });
});
