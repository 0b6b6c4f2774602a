-- BM25 at scale: document frequencies kept per (tenant, knowledge base, lexeme) instead of counted per query, and
-- a per-posting impact (the BM25 term weight without IDF, with the KB's average length when the chunk went live)
-- that orders each term's postings so a query reads only the strongest ones of common terms, then rescores the
-- candidates exactly (docs/RETRIEVAL.md, "BM25 at 100k chunks").
create table term_df (
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    lexeme text not null,
    df bigint not null,
    primary key (tenant_id, lexeme, knowledge_base_id)
);
alter table term_df enable row level security;
alter table term_df force row level security;
create policy tenant_wall on term_df
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table postings add column impact real not null default 0;

insert into term_df (tenant_id, knowledge_base_id, lexeme, df)
select p.tenant_id, p.knowledge_base_id, p.lexeme, count(*)
from postings p join chunks c on c.id = p.chunk_id and c.live
group by p.tenant_id, p.knowledge_base_id, p.lexeme;

update postings p set impact = p.tf * 1.9 / (p.tf + 0.9 * (0.6 + 0.4 * p.doc_len
    / greatest(s.total_len::float8 / greatest(s.chunks, 1), 1)))
from kb_stats s where s.tenant_id = p.tenant_id and s.knowledge_base_id = p.knowledge_base_id;

create index postings_impact on postings (tenant_id, lexeme, impact desc) include (chunk_id);
