-- 00004_article_publications_slug_index (SQLite): find a live article by its slug alone.
--
-- The delivery API's article page is /articles/{slug}, without a language
-- (a slug belongs to one article in every language: AddSlug, SlugTaken),
-- and the unique key (language, slug) cannot serve "WHERE slug = ?": each
-- page missing the response cache read the whole index, 11 to 22 ms with
-- 100,000 articles, 300 pages a second on two cores (make bench,
-- docs/benchmarks.md). The same fix as 00002 made for old slugs (00006 for PostgreSQL).

-- +goose Up
CREATE INDEX article_publications_slug_idx ON article_publications (slug);
