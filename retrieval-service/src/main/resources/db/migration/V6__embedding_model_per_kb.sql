-- A knowledge base keeps the embedding model it was created with (MiniLM in process, or an OpenAI-compatible model
-- of any size), so chunks of different models and dimensions share the table: the column loses its fixed size, each
-- chunk names its model, and dense search compares a query only with chunks of the model it was embedded with.
-- The per-tenant HNSW indexes are on a fixed size: they are dropped here and rebuilt by DensePlan over MiniLM's
-- chunks as an expression index (embedding::vector(384)).
do $$
declare
    r record;
begin
    for r in select hnsw_index from dense_plan where hnsw_index is not null loop
        execute format('drop index if exists %I', r.hnsw_index);
    end loop;
end $$;
update dense_plan set hnsw_index = null;

alter table chunks alter column embedding type vector;
alter table chunks add column embedding_model text not null default 'all-minilm-l6-v2-q';
alter table kb_stats add column embedding_model text not null default 'all-minilm-l6-v2-q';
