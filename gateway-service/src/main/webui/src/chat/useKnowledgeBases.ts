import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { KnowledgeBase, Page } from '../api/model';

/**
 * The workspace's knowledge bases; `kbs` is null while loading and after a failure (so no empty state is claimed),
 * `failed` says the last attempt failed and `reload` asks again.
 */
export function useKnowledgeBases(): { kbs: KnowledgeBase[] | null; failed: boolean; reload: () => void } {
  const [kbs, setKbs] = useState<KnowledgeBase[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => {
        if (!live) return;
        setKbs(p.items);
        setFailed(false);
      })
      .catch(() => {
        if (!live) return;
        setKbs(null);
        setFailed(true);
      });
    return () => {
      live = false;
    };
  }, [attempt]);
  const reload = useCallback(() => {
    setFailed(false);
    setAttempt((n) => n + 1);
  }, []);
  return { kbs, failed, reload };
}
