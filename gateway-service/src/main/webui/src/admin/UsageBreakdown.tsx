import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { KnowledgeBase, Page } from '../api/model';
import { fmtSize } from '../knowledge/DocumentTable';
import { DataTable, type Column } from '../ui/DataTable';
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
        <TitledTable
          title="By user (last 30 days)"
          note={usersNote.error}
          rows={users}
          rowKey={(u) => u.userId}
          empty="No answers in the last 30 days."
          columns={[
            { header: 'User', cell: (u) => u.email ?? <span className="muted">removed user {u.userId.slice(0, 8)}</span> },
            { header: 'Answers', cell: (u) => n(u.answers) },
            { header: 'Prompt tokens', cell: (u) => n(u.promptTokens) },
            { header: 'Completion tokens', cell: (u) => n(u.completionTokens) },
          ]}
        />
      )}
      <TitledTable
        title="By knowledge base (stored now)"
        note={kbNote.error}
        rows={kbs}
        rowKey={(k) => k.knowledgeBaseId}
        empty="Nothing stored yet."
        columns={[
          { header: 'Knowledge base', cell: (k) => names.get(k.knowledgeBaseId) ?? <span className="muted">deleted or hidden</span> },
          { header: 'Documents', cell: (k) => n(k.documents) },
          { header: 'Storage', cell: (k) => fmtSize(k.storageBytes) },
        ]}
      />
    </>
  );
}

const n = (v: number) => v.toLocaleString('en');

/** A titled section with its table (named "Usage <title>"), or the sentence saying why there is none. */
function TitledTable<T>(props: {
  title: string;
  note: string | null;
  rows: T[] | null;
  rowKey: (row: T) => string;
  empty: string;
  columns: Column<T>[];
}) {
  const { title, note, rows, ...table } = props;
  const id = 'usage-' + title.split(' ')[1];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note && <p className="muted">{note}</p>}
      {rows && <DataTable label={'Usage ' + title.charAt(0).toLowerCase() + title.slice(1).replace(/ \(.*\)$/, '')} rows={rows} {...table} />}
    </section>
  );
}
