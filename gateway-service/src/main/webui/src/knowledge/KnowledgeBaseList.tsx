import type { KnowledgeBase } from '../api/model';
import { TrashIcon } from '../ui/Icons';
import { Link } from '../ui/router';

/** The knowledge bases as navigation, with New and Delete for admins. */
export function KnowledgeBaseList(props: {
  kbs: KnowledgeBase[] | null;
  activeId: string | null;
  canManage: boolean;
  onCreate: () => void;
  onDelete: (k: KnowledgeBase) => void;
}) {
  const { kbs, activeId, canManage, onCreate, onDelete } = props;
  return (
    <aside className="kb-list" aria-label="Knowledge bases">
      <h1>Knowledge</h1>
      {canManage && (
        <button type="button" className="primary" onClick={onCreate}>
          New knowledge base
        </button>
      )}
      <ul>
        {kbs?.map((k) => (
          <li key={k.id} className={k.id === activeId ? 'active' : undefined}>
            <Link to={`/knowledge/${k.id}`} aria-current={k.id === activeId ? 'page' : undefined}>
              {k.name}
            </Link>
            <span className="muted"> {k.documentCount ?? 0} {k.documentCount === 1 ? 'doc' : 'docs'}</span>
            {canManage && (
              <button type="button" className="icon" aria-label={`Delete ${k.name}`} onClick={() => onDelete(k)}>
                <TrashIcon />
              </button>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
