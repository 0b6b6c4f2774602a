import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { KnowledgeBase, Page } from '../api/model';

/** The workspace's knowledge bases; null while loading (and after a failure, so no empty state is claimed). */
export function useKnowledgeBases(): KnowledgeBase[] | null {
  const [kbs, setKbs] = useState<KnowledgeBase[] | null>(null);
  useEffect(() => {
    let live = true;
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => live && setKbs(p.items))
      .catch(() => live && setKbs(null));
    return () => {
      live = false;
    };
  }, []);
  return kbs;
}
