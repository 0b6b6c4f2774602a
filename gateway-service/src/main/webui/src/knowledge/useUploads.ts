import { useEffect, useRef, useState } from 'react';
import { get } from '../api/client';
import type { Tenant } from '../api/model';
import { UploadQueue, type UploadItem } from './uploadQueue';
import { xhrSender } from './xhrSender';

/** The upload queue with the plan's size limit; {@code onUploaded} runs each time another upload has finished. */
export function useUploads(onUploaded: () => void) {
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const ref = useRef<UploadQueue | null>(null);
  if (!ref.current) ref.current = new UploadQueue(xhrSender, setUploads);
  const queue = ref.current;

  useEffect(() => {
    get<Tenant>('/api/v1/tenant')
      .then((t) => t.limits?.maxUploadMb && queue.setMaxBytes(t.limits.maxUploadMb * 1048576))
      .catch(() => undefined);
  }, [queue]);

  // a finished upload shows up in the table at once
  const doneCount = uploads.filter((u) => u.status === 'done').length;
  useEffect(() => {
    if (doneCount) onUploaded();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doneCount]);

  const active = uploads.some((u) => u.status === 'uploading' || u.status === 'queued');
  return { uploads, queue, active };
}
