-- 00005_comment_replies_index (SQLite): a comment's approved replies in order.
--
-- A thread carries each comment's first approved replies, and
-- /articles/{slug}/comments/{id}/replies pages the rest by (created_at, id).
-- With an index on parent_id alone both read every reply of the comment,
-- of any status, and sorted them: fine for ten, not for the thousands under
-- one comment of a story that goes round. This index answers both in
-- order, and serves the lookups by parent_id alone that the old one did.

-- +goose Up
CREATE INDEX comments_parent_id_status_created_at_idx ON comments (parent_id, status, created_at, id);
DROP INDEX comments_parent_id_idx;
