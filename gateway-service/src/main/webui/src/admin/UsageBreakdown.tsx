import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { KnowledgeBase, Page } from '../api/types';
import { fmtSize } from '../knowledge/DocumentTable';
import { DataTable } from '../ui/DataTable';
import { useAction } from '../ui/useAction';

interface ByUser {
  userId: string;
  email: string | null;
  answers: number;
  promptTokens: number;
  completionTokens: number;
}

interface ByKnowledgeBase {
  knowledgeBaseId: string;
  documents: number;
  storageBytes: number;
}

const MISSING = 'not available on this server';

/** Tokens per user over the last 30 days (admins) and what each knowledge base stores now. */
export function UsageBreakdown({ admin }: { admin: boolean }) {
  const [users, setUsers] = useState<ByUser[] | null>(null);
  const [kbs, setKbs] = useState<ByKnowledgeBase[] | null>(null);
  const [names, setNames] = useState(new Map<string, string>());
  const usersNote = useAction();
  const kbNote = useAction();
  useEffect(() => {
    if (admin) void usersNote.run(get<Page<ByUser>>('/api/v1/usage/users').then((p) => setUsers(p.items)), `Usage by user is ${MISSING}.`);
    void kbNote.run(
      get<Page<ByKnowledgeBase>>('/api/v1/usage/knowledge-bases').then((p) => setKbs(p.items)),
      `Usage by knowledge base is ${MISSING}.`,
    );
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setNames(new Map(p.items.map((k) => [k.id, k.name]))))
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [admin]);
  return (
    <>
      {admin && (
        <section aria-labelledby="usage-users">
          <h2 id="usage-users">By user (last 30 days)</h2>
          {usersNote.error && <p className="muted">{usersNote.error}</p>}
          {users && (
            <DataTable
              label="Usage by user"
              rows={users}
              rowKey={(u) => u.userId}
              empty="No answers in the last 30 days."
              columns={[
                { header: 'User', cell: (u) => u.email ?? <span className="muted">removed user {u.userId.slice(0, 8)}</span> },
                { header: 'Answers', cell: (u) => u.answers.toLocaleString('en') },
                { header: 'Prompt tokens', cell: (u) => u.promptTokens.toLocaleString('en') },
                { header: 'Completion tokens', cell: (u) => u.completionTokens.toLocaleString('en') },
              ]}
            />
          )}
        </section>
      )}
      <section aria-labelledby="usage-kbs">
        <h2 id="usage-kbs">By knowledge base (stored now)</h2>
        {kbNote.error && <p className="muted">{kbNote.error}</p>}
        {kbs && (
          <DataTable
            label="Usage by knowledge base"
            rows={kbs}
            rowKey={(k) => k.knowledgeBaseId}
            empty="Nothing stored yet."
            columns={[
              { header: 'Knowledge base', cell: (k) => names.get(k.knowledgeBaseId) ?? <span className="muted">deleted or hidden</span> },
              { header: 'Documents', cell: (k) => k.documents.toLocaleString('en') },
              { header: 'Storage', cell: (k) => fmtSize(k.storageBytes) },
            ]}
          />
        )}
      </section>
    </>
  );
}
