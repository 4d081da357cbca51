-- 00003_live_entry_media (SQLite): images in live entries count as used.
--
-- An image placed only in a live entry was not in article_media, so it
-- could be deleted while readers still saw the entry. live_entry_media
-- records the media assets each entry that is not deleted uses (image and
-- video blocks), written by the store in the transaction that creates,
-- changes or deletes the entry. The RESTRICT key makes a delete racing an
-- entry that adds the image fail one way or the other: the entry's insert
-- finds no asset (422), or the asset's delete finds a user (409).

-- +goose Up
CREATE TABLE live_entry_media (
    entry_id TEXT NOT NULL REFERENCES live_entries (id) ON DELETE CASCADE,
    media_id TEXT NOT NULL REFERENCES media_assets (id) ON DELETE RESTRICT,
    PRIMARY KEY (entry_id, media_id)
);
CREATE INDEX live_entry_media_media_id_idx ON live_entry_media (media_id);

INSERT INTO live_entry_media (entry_id, media_id)
SELECT DISTINCT e.id, json_extract(b.value, '$.media_id')
FROM live_entries e, json_each(e.body) AS b
WHERE e.deleted_at IS NULL
  AND COALESCE(json_extract(b.value, '$.media_id'), '') <> ''
  AND EXISTS (SELECT 1 FROM media_assets m WHERE m.id = json_extract(b.value, '$.media_id'));
