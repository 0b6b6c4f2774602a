import type { ReactNode } from 'react';
import { Link } from './router';

/** An empty page area that says what is missing and offers the next step (a button or a link). */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      <p className="muted">{children}</p>
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

/**
 * A workspace without knowledge bases: admins get "Create a knowledge base" ({@code onCreate} opens the dialog
 * here; without it a link to the knowledge page, which opens it there), everyone else who to ask.
 */
export function NoKnowledgeBases({ canCreate, onCreate }: { canCreate: boolean; onCreate?: () => void }) {
  const action = !canCreate ? undefined : onCreate ? (
    <button type="button" className="primary" onClick={onCreate}>
      Create a knowledge base
    </button>
  ) : (
    <Link to="/knowledge?new=1" className="button primary">
      Create a knowledge base
    </Link>
  );
  return (
    <EmptyState title="No knowledge bases yet" action={action}>
      {canCreate
        ? 'Quire answers from your own documents. Create a knowledge base, upload documents into it, then ask questions about them here.'
        : 'Quire answers from your own documents, and this workspace has none yet. Ask an admin of this workspace to create a knowledge base.'}
    </EmptyState>
  );
}
