-- 00003_search_recent_index: search's recent band from the index alone.
--
-- Delivery search reads the last 30 days' matches first (store.SearchLive).
-- With the search index on search_document alone, PostgreSQL intersected it
-- with the published_at index only when it expected many matches, and it
-- under-estimates words that come together ("البنك المركزي": 55 expected,
-- 2,369 found), so it read every match's row to drop the older ones: 8 ms
-- instead of 2 (make bench, docs/benchmarks.md). A GIN index over both
-- columns answers "these words, since then" in one index scan; it needs
-- btree_gin, a standard extension that the database owner may create
-- (trusted since PostgreSQL 13) and managed services offer. It serves
-- searches without the date bound as well, so it replaces the old index.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX article_publications_search_idx ON article_publications USING GIN (search_document, published_at);
DROP INDEX article_publications_search_document_idx;
