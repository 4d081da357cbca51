-- 00008_publication_texts: the live version's summary and body as text.
--
-- Search cuts each result's snippet from the live version's summary and
-- body as plain text. Reading them out of the JSON snapshot meant fetching
-- and decoding 20 whole snapshots per search, a third of a search's CPU in
-- the backend when the response cache misses (make bench). A publish now
-- stores both beside the snapshot. Publications made before stay NULL until
-- `cms migrate` (or `cms serve` when it migrates) fills them in from their
-- snapshots; until then search decodes the snapshot, as it did.

-- +goose Up
ALTER TABLE article_publications ADD COLUMN summary TEXT;
ALTER TABLE article_publications ADD COLUMN body_text TEXT;
