-- a type's own note about an item (a web page's links), so an unchanged page answered 304 still leads the crawl on
alter table items add column memo text;
