import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';

/** The tags in use across the workspace (for the tag filter); reload after tags change. */
export function useTenantTags() {
  const [tags, setTags] = useState<string[]>([]);
  const reload = useCallback(
    () =>
      get<{ items: { tag: string; count: number }[] }>('/api/v1/tags?limit=200')
        .then((p) => setTags(p.items.map((t) => t.tag)))
        .catch(() => undefined),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { tags, reload };
}
