-- the PostgreSQL text-search configuration (stemmer and stop words) of the knowledge base's documents
alter table knowledge_bases add column language text not null default 'english';
