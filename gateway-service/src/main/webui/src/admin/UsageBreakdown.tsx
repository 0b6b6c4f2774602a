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

/** Tokens per user over the last 30 days (admins) and what each knowledge base stores now. */
export function UsageBreakdown({ admin }: { admin: boolean }) {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setNames(new Map(p.items.map((k) => [k.id, k.name]))))
      .catch(() => undefined);
  }, []);
  return (
    <>
      {admin && (
        <UsageTable<ByUser>
          title="By user (last 30 days)"
          url="/api/v1/usage/users"
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
      <UsageTable<ByKnowledgeBase>
        title="By knowledge base (stored now)"
        url="/api/v1/usage/knowledge-bases"
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

/**
 * A titled section with the table of one usage split (named "Usage <title>", read from {@code url}), or the sentence
 * saying why there is none.
 */
function UsageTable<T>(props: {
  title: string;
  url: string;
  rowKey: (row: T) => string;
  empty: string;
  columns: Column<T>[];
}) {
  const { title, url, ...table } = props;
  const [rows, setRows] = useState<T[] | null>(null);
  const note = useAction();
  const id = 'usage-' + title.split(' ')[1];
  const label = 'Usage ' + title.charAt(0).toLowerCase() + title.slice(1).replace(/ \(.*\)$/, '');
  useEffect(() => {
    void note.run(
      get<Page<T>>(url).then((p) => setRows(p.items)),
      `${label} is not available on this server.`,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note.error && <p className="muted">{note.error}</p>}
      {rows && <DataTable label={label} rows={rows} {...table} />}
    </section>
  );
}
