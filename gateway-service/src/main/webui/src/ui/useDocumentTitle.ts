import { useEffect } from 'react';

/**
 * Names the browser tab (and its history entries) after the page: the given parts, most specific first, then the
 * app, e.g. "Aurora hours · Quire" or "Usage · Admin · Quire". Empty parts are left out.
 */
export function useDocumentTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter((p) => p && p.trim()), 'Quire'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
