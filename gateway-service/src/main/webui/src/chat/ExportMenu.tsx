import { usePopover } from './usePopover';

/** "Export" in the thread header: the conversation as Markdown (with numbered sources) or as JSON, downloaded. */
export function ExportMenu({ onExport }: { onExport: (kind: 'md' | 'json') => void }) {
  const { ref, close, onKeyDown } = usePopover();
  const pick = (kind: 'md' | 'json') => {
    close();
    onExport(kind);
  };
  return (
    <details className="menu export" ref={ref} onKeyDown={onKeyDown}>
      <summary>Export</summary>
      <div className="menu-items">
        <button type="button" onClick={() => pick('md')}>
          Markdown (.md)
        </button>
        <button type="button" onClick={() => pick('json')}>
          JSON (.json)
        </button>
      </div>
    </details>
  );
}
