import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page } from '../api/model';
import type { Action } from './useAction';

/** The items of one page of a list endpoint, loaded now and whenever the url changes; {@code load} reloads. */
export function useList<T>(url: string, run: Action['run']) {
  const [items, setItems] = useState<T[]>([]);
  const load = useCallback(() => run(get<Page<T>>(url).then((p) => setItems(p.items))), [url, run]);
  useEffect(() => {
    void load();
  }, [load]);
  return { items, load };
}

/** The public plans (`GET /api/v1/plans`, a page or a bare array); none when they cannot be read. */
export function usePlans<T extends { id: string; name: string }>() {
  const [plans, setPlans] = useState<T[]>([]);
  useEffect(() => {
    get<Page<T> | T[]>('/api/v1/plans')
      .then((p) => setPlans(Array.isArray(p) ? p : p.items))
      .catch(() => setPlans([]));
  }, []);
  return plans;
}
