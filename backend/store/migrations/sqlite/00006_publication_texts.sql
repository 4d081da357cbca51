-- 00006_publication_texts: the live version's summary and body as text.
--
-- Search cuts each result's snippet from the live version's summary and
-- body as plain text. Reading them out of the JSON snapshot meant fetching
-- and decoding 20 whole snapshots per search, a third of a search's CPU in
-- the backend when the response cache misses (make bench). A publish now
-- stores both beside the snapshot, with texts_version, the publication's
-- version they were made from. Search uses them only when texts_version is
-- the row's version, and otherwise decodes the snapshot as it did: for
-- publications made before, until `cms migrate` (or `cms serve` when it
-- migrates) fills them in, and for a republish by a replica of the release
-- before, which knows nothing of these columns, during a rolling upgrade.

-- +goose Up
ALTER TABLE article_publications ADD COLUMN summary TEXT;
ALTER TABLE article_publications ADD COLUMN body_text TEXT;
ALTER TABLE article_publications ADD COLUMN texts_version BIGINT;
