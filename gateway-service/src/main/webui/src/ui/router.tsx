import { useEffect, useState } from 'react';

/**
 * A tiny History-API router: the gateway serves index.html for every UI path. {@code replace} takes the current
 * entry's place instead of adding one (a page that is gone, so Back does not return to it).
 */
export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (path !== window.location.pathname + window.location.search) {
    if (replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

/**
 * How many times the address has changed (a link, Back, Forward, a replaced entry) since the page mounted: a change
 * to the same path (Back from a replaced /chat to an earlier /chat) counts too, which the path alone cannot tell.
 */
export function useNavigations(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const on = () => setCount((n) => n + 1);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return count;
}

export function Link(props: React.AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
