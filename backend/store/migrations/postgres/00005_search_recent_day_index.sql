-- 00005_search_recent_day_index: search's recent band by day, not instant.
--
-- 00003 indexed the search words with published_at itself (btree_gin), so
-- "these words, in the last 30 days" read one index key per distinct
-- publication instant in those 30 days (thousands) and merged their row
-- lists before intersecting them with the words': 1.7 ms of a 2-word
-- search's database time on 100,000 articles (make bench). The band starts
-- at midnight UTC, so the day is all the index needs: 30 keys instead of
-- thousands, 0.5 ms. epoch_day must be IMMUTABLE to be indexed, and it is:
-- the epoch of an instant does not depend on the session's time zone
-- (extract on timestamptz is only STABLE because other fields do).

-- +goose Up
CREATE FUNCTION epoch_day(t TIMESTAMPTZ) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM t) / 86400)::integer $$;
CREATE INDEX article_publications_search_day_idx ON article_publications USING GIN (search_document, epoch_day(published_at));
DROP INDEX article_publications_search_idx;
