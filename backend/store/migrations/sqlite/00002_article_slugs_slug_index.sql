-- 00002_article_slugs_slug_index (SQLite): find a slug's article without its language.
--
-- A slug belongs to one article in every language (AddSlug, SlugTaken), and
-- the delivery API's 301 for an old slug looks it up by slug alone. The
-- primary key (language, slug) cannot serve "WHERE slug = ?", so each of
-- those read the whole table: 90 ms per new article with 100,000 articles
-- (make bench, docs/benchmarks.md).

-- +goose Up
CREATE INDEX article_slugs_slug_idx ON article_slugs (slug);
