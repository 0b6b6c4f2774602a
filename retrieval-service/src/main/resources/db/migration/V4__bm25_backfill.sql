-- V3's backfill ran under FORCE ROW LEVEL SECURITY without a tenant and so saw no rows: databases that had chunks
-- before V3 got no document frequencies and zero impacts. Redo it with the owner's bypass, then restore the wall.
alter table postings no force row level security;
alter table term_df no force row level security;
alter table chunks no force row level security;
alter table kb_stats no force row level security;

delete from term_df;
insert into term_df (tenant_id, knowledge_base_id, lexeme, df)
select p.tenant_id, p.knowledge_base_id, p.lexeme, count(*)
from postings p join chunks c on c.id = p.chunk_id and c.live
group by p.tenant_id, p.knowledge_base_id, p.lexeme;

update postings p set impact = p.tf * 1.9 / (p.tf + 0.9 * (0.6 + 0.4 * p.doc_len
    / greatest(s.total_len::float8 / greatest(s.chunks, 1), 1)))
from kb_stats s where s.tenant_id = p.tenant_id and s.knowledge_base_id = p.knowledge_base_id;

alter table postings force row level security;
alter table term_df force row level security;
alter table chunks force row level security;
alter table kb_stats force row level security;
