import { useCallback, useState } from 'react';
import { describe } from '../api/client';

/** The one way a component turns failed requests into the sentence its {@code <ErrorNote>} shows. */
export interface Action {
  /** The last failure as a sentence, or null. */
  error: string | null;
  /** True while a run is in flight. */
  busy: boolean;
  /**
   * Awaits the work (a promise, or a function returning one); a failure becomes {@link error} (see describe, with
   * {@code notFound} as the sentence for a 404) and resolves to undefined, so run never rejects. Success leaves a
   * shown error alone: call {@link clear} where a new attempt should start clean.
   */
  run: <T>(work: Promise<T> | (() => Promise<T>), notFound?: string) => Promise<T | undefined>;
  clear: () => void;
}

export function useAction(): Action {
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(0);
  const run = useCallback(async <T>(work: Promise<T> | (() => Promise<T>), notFound?: string) => {
    setRunning((n) => n + 1);
    try {
      return await (typeof work === 'function' ? work() : work);
    } catch (e) {
      setError(describe(e, notFound));
      return undefined;
    } finally {
      setRunning((n) => n - 1);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { error, busy: running > 0, run, clear };
}
