import { ApiError } from '../api/client';

/** One file of the upload queue with its progress. */
export interface UploadItem {
  key: string;
  kbId: string;
  file: File;
  /** The name shown: the path inside a dropped or picked folder, else the file name. */
  path: string;
  status: 'queued' | 'uploading' | 'done' | 'duplicate' | 'failed';
  loaded: number;
  total: number;
  error?: string;
  /** A failed upload that may succeed when sent again (network, 5xx, 408, 429); a refused file (4xx) may not. */
  retryable?: boolean;
  documentId?: string;
}

/** A file with the path it had inside a folder. */
export interface PathFile {
  file: File;
  path: string;
}

/** Whether sending the same file again can succeed: not when the server refused the file itself. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true;
  return e.status >= 500 || e.status === 408 || e.status === 429;
}

export interface UploadResult {
  documentId?: string;
  duplicate?: boolean;
}

export type Sender = (item: UploadItem, onProgress: (loaded: number, total: number) => void) => Promise<UploadResult>;

let seq = 0;

/**
 * Uploads files one request each so every file has its own progress bar, at most {@code concurrency} at a time,
 * in the order they were dropped. Empty files and files over the plan's upload size fail at once without a request.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  private running = 0;

  constructor(
    private readonly send: Sender,
    private readonly onChange: (items: UploadItem[]) => void,
    private readonly concurrency = 2,
    private maxBytes = Infinity,
  ) {}

  setMaxBytes(n: number): void {
    this.maxBytes = n;
  }

  snapshot(): UploadItem[] {
    return this.items;
  }

  add(kbId: string, files: Iterable<File | PathFile>): void {
    for (const f of files) {
      const { file, path } = f instanceof File ? { file: f, path: f.webkitRelativePath || f.name } : f;
      const item: UploadItem = { key: `u${++seq}`, kbId, file, path, status: 'queued', loaded: 0, total: file.size };
      if (file.size === 0) Object.assign(item, { status: 'failed', error: 'The file is empty' });
      else if (file.size > this.maxBytes) {
        Object.assign(item, {
          status: 'failed',
          error: `Larger than this plan's upload limit (${Math.round(this.maxBytes / 1048576)} MB)`,
        });
      }
      this.items = [...this.items, item];
    }
    this.emit();
    this.pump();
  }

  retry(key: string): void {
    if (!this.items.find((i) => i.key === key)?.retryable) return;
    this.update(key, { status: 'queued', loaded: 0, error: undefined });
    this.pump();
  }

  clearFinished(): void {
    this.items = this.items.filter((i) => i.status === 'queued' || i.status === 'uploading');
    this.emit();
  }

  /** Fraction of all bytes of the unfinished and finished uploads sent so far. */
  progress(): number {
    const total = this.items.reduce((a, i) => a + i.total, 0);
    return total ? this.items.reduce((a, i) => a + (i.status === 'queued' ? 0 : i.loaded), 0) / total : 1;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = this.items.find((i) => i.status === 'queued');
      if (!next) return;
      this.running++;
      this.update(next.key, { status: 'uploading' });
      this.send(next, (loaded, total) => this.update(next.key, { loaded, total: total || next.total }))
        .then((r) => {
          const total = this.items.find((i) => i.key === next.key)?.total ?? next.total;
          this.update(next.key, {
            status: r.duplicate ? 'duplicate' : 'done',
            documentId: r.documentId,
            loaded: total,
          });
        })
        .catch((e: unknown) =>
          this.update(next.key, {
            status: 'failed',
            error: e instanceof Error ? e.message : String(e),
            retryable: isTransient(e),
          }),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private update(key: string, patch: Partial<UploadItem>): void {
    this.items = this.items.map((i) => (i.key === key ? { ...i, ...patch } : i));
    this.emit();
  }

  private emit(): void {
    this.onChange(this.items);
  }
}
