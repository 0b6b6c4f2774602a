import { useCallback, useEffect, useState } from 'react';
import { del, get } from '../api/client';
import { atLeast, type Session } from '../api/session';
import type { KnowledgeBase, Page } from '../api/model';
import { ErrorNote } from '../ui/Dialog';
import { NoKnowledgeBases } from '../ui/EmptyState';
import { navigate } from '../ui/router';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { useCreateDialog } from '../ui/useCreateDialog';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { CreateKbDialog } from './CreateKbDialog';
import { KnowledgeBaseList } from './KnowledgeBaseList';
import { KnowledgeBaseView } from './KnowledgeBaseView';

/** Knowledge bases and, for the selected one, uploads and the live document table. */
export function KnowledgePage({ path, session }: { path: string; session: Session }) {
  const kbId = /^\/knowledge\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null;
  const isAdmin = atLeast(session, 'admin');
  const [kbs, setKbs] = useState<KnowledgeBase[] | null>(null);
  // /knowledge?new=1 (the chat's "Create a knowledge base") opens the create dialog
  const creating = useCreateDialog<KnowledgeBase>(
    (k) => {
      setKbs((ks) => [...(ks ?? []), k]);
      navigate(`/knowledge/${k.id}`);
    },
    () => isAdmin && new URLSearchParams(window.location.search).has('new'),
  );
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has('new')) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  const { error, run, clear } = useAction();
  const { confirm, dialog } = useConfirm();

  const load = useCallback(
    () => void run(get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200').then((p) => setKbs(p.items))),
    [run],
  );
  useEffect(load, [load]);

  const remove = (k: KnowledgeBase) =>
    confirm({
      title: 'Delete knowledge base',
      message: <>Delete “{k.name}” with all its documents? Search stops finding them.</>,
      confirmLabel: 'Delete',
      onConfirm: () =>
        run(
          del(`/api/v1/knowledge-bases/${k.id}`).then(() => {
            setKbs((ks) => (ks ?? []).filter((x) => x.id !== k.id));
            if (kbId === k.id) navigate('/knowledge');
          }),
        ),
    });

  const kb = kbs?.find((k) => k.id === kbId) ?? null;
  useDocumentTitle(kb?.name, 'Knowledge');
  return (
    <div className="knowledge">
      <KnowledgeBaseList kbs={kbs} activeId={kbId} canManage={isAdmin} onCreate={creating.open} onDelete={remove} />
      <section className="kb-detail">
        {/* the list never came: say so with a way to ask again, not "Loading…" for ever */}
        <ErrorNote
          error={error}
          onRetry={
            kbs === null
              ? () => {
                  clear();
                  load();
                }
              : undefined
          }
        />
        {kb ? (
          <KnowledgeBaseView key={kb.id} kb={kb} session={session} onChanged={load} />
        ) : kbs && !kbs.length ? (
          <NoKnowledgeBases canCreate={isAdmin} onCreate={creating.open} />
        ) : (
          !(kbs === null && error) && <p className="muted empty">{kbs === null ? 'Loading…' : 'Choose a knowledge base.'}</p>
        )}
      </section>
      {creating.shown && <CreateKbDialog onClose={creating.close} onCreated={creating.created} />}
      {dialog}
    </div>
  );
}
