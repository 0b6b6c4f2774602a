import { useState } from 'react';
import { get, post } from '../api/client';
import type { Job } from '../api/model';
import type { Action } from '../ui/useAction';

export type BulkAction = Job['action'];

/** Bulk actions run as server-side jobs: start one, follow its progress ({@code job}), report failures. */
export function useBulkJob(kbId: string, { run, clear }: Action) {
  const [job, setJob] = useState<Job | null>(null);
  /** Resolves when the job is done (or failed to start); {@code onStarted} runs once the server accepted it. */
  const start = async (action: BulkAction, ids: string[], tags: string[] | undefined, onStarted: () => void) => {
    clear();
    await run(async () => {
      const { jobId } = await post<{ jobId: string }>(`/api/v1/knowledge-bases/${kbId}/documents/bulk`, {
        action,
        documentIds: ids,
        tags,
      });
      onStarted();
      for (let i = 0; i < 240; i++) {
        const current = await get<Job>(`/api/v1/jobs/${jobId}`);
        setJob(current);
        if (current.status === 'DONE') {
          if (current.failed) throw new Error(`${current.failed} of ${current.total} documents could not be changed.`);
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    setJob(null);
  };
  return { job, start };
}
