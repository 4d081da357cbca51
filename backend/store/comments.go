package store

import (
	"sort"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type commentRow struct {
	ID             string `gorm:"primaryKey"`
	ArticleID      string
	ParentID       *string
	AuthorName     string
	AuthorEmail    string
	EmailHash      string
	ClientHash     string
	Body           string
	Status         string
	LikelySpam     bool
	ModeratedBy    *string
	ModeratedAt    *time.Time
	ModerationNote string
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (commentRow) TableName() string { return "comments" }

// commentView is a comment row with what moderators see beside it. (The
// row's fields are repeated rather than embedded: GORM skips embedded
// structs of unexported types.)
type commentView struct {
	ID              string
	ArticleID       string
	ParentID        *string
	AuthorName      string
	AuthorEmail     string
	EmailHash       string
	ClientHash      string
	Body            string
	Status          string
	LikelySpam      bool
	ModeratedBy     *string
	ModeratedAt     *time.Time
	ModerationNote  string
	Version         int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	ArticleHeadline string
	ArticleSlug     string
	ModeratedByName *string
}

const commentViewColumns = "c.id, c.article_id, c.parent_id, c.author_name, c.author_email, c.email_hash, c.client_hash, c.body, " +
	"c.status, c.likely_spam, c.moderated_by, c.moderated_at, c.moderation_note, c.version, c.created_at, c.updated_at, " +
	"a.headline AS article_headline, a.slug AS article_slug, u.name AS moderated_by_name"

func (tx *Tx) commentViews() *gorm.DB {
	return tx.g.Table("comments c").Select(commentViewColumns).
		Joins("JOIN articles a ON a.id = c.article_id").
		Joins("LEFT JOIN users u ON u.id = c.moderated_by")
}

func (r *commentView) comment() *cms.Comment {
	c := &cms.Comment{ID: r.ID, ArticleID: r.ArticleID, ArticleHeadline: r.ArticleHeadline, ArticleSlug: r.ArticleSlug,
		ParentID: r.ParentID, AuthorName: r.AuthorName, AuthorEmail: r.AuthorEmail, Body: r.Body,
		Status: cms.CommentStatus(r.Status), LikelySpam: r.LikelySpam, ModeratedBy: r.ModeratedBy,
		ModerationNote: r.ModerationNote, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		EmailHash: r.EmailHash, ClientHash: r.ClientHash}
	if r.ModeratedAt != nil {
		t := r.ModeratedAt.UTC()
		c.ModeratedAt = &t
	}
	if r.ModeratedByName != nil {
		c.ModeratedByName = *r.ModeratedByName
	}
	return c
}

// CreateComment inserts c as given (id, status, hashes and times set by the
// caller) and fills its article's headline and slug. Returns EConflict when
// the article or parent no longer exists.
func (tx *Tx) CreateComment(c *cms.Comment) error {
	row := commentRow{ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID, AuthorName: c.AuthorName,
		AuthorEmail: c.AuthorEmail, EmailHash: c.EmailHash, ClientHash: c.ClientHash, Body: c.Body, Status: string(c.Status),
		LikelySpam: c.LikelySpam, Version: 1, CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}
	if err := tx.g.Create(&row).Error; err != nil {
		return translate(err)
	}
	c.Version = 1
	c.UpdatedAt = c.CreatedAt
	return nil
}

// Comment returns the comment with the id as moderators see it. Returns
// ENotFound when there is none.
func (tx *Tx) Comment(id string) (*cms.Comment, error) {
	var row commentView
	if err := tx.commentViews().Where("c.id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "comment")
	}
	return row.comment(), nil
}

// CommentFilter narrows and pages ListComments.
type CommentFilter struct {
	Status     cms.CommentStatus // "" for every status
	ArticleID  string
	LikelySpam *bool
	Cursor     string
	Limit      int
}

// commentCursor is the sort key of the last comment of a page.
type commentCursor struct {
	T  time.Time `json:"t"`
	ID string    `json:"id"`
}

// afterCursor adds the keyset condition "after the cursor" in (created_at,
// id) order to q, col being the table's alias prefix ("c." or "").
func afterCursor(q *gorm.DB, cursor, prefix string) (*gorm.DB, error) {
	var after commentCursor
	if err := decodeCursor(cursor, &after, "t", "id"); err != nil {
		return nil, err
	}
	if after.ID == "" {
		return q, nil
	}
	t := after.T.UTC()
	// A row comparison, which an index on (..., created_at, id) answers as
	// a range; the same test spelled with OR is a filter on every row
	// before the cursor.
	return q.Where("("+prefix+"created_at, "+prefix+"id) > (?, ?)", t, after.ID), nil
}

// ListComments returns comments oldest first, as moderators see them
// (without History).
func (tx *Tx) ListComments(f CommentFilter) (cms.Page[*cms.Comment], error) {
	q := tx.commentViews()
	if f.Status != "" {
		q = q.Where("c.status = ?", string(f.Status))
	}
	if f.ArticleID != "" {
		q = q.Where("c.article_id = ?", f.ArticleID)
	}
	if f.LikelySpam != nil {
		q = q.Where("c.likely_spam = ?", *f.LikelySpam)
	}
	q, err := afterCursor(q, f.Cursor, "c.")
	if err != nil {
		return cms.Page[*cms.Comment]{}, err
	}
	var rows []commentView
	if err := q.Order("c.created_at").Order("c.id").Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*cms.Comment]{}, translate(err)
	}
	page := cms.Page[*cms.Comment]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		page.NextCursor = encodeCursor(commentCursor{T: last.CreatedAt.UTC(), ID: last.ID})
	}
	page.Data = make([]*cms.Comment, len(rows))
	for i := range rows {
		page.Data[i] = rows[i].comment()
	}
	return page, nil
}

// CommenterHistory counts the comments of each e-mail hash by status.
func (tx *Tx) CommenterHistory(emailHashes []string) (map[string]cms.CommenterHistory, error) {
	out := make(map[string]cms.CommenterHistory, len(emailHashes))
	if len(emailHashes) == 0 {
		return out, nil
	}
	var rows []struct {
		EmailHash string
		Status    string
		N         int64
	}
	if err := tx.g.Table("comments").Select("email_hash, status, COUNT(*) AS n").Where("email_hash IN ?", emailHashes).
		Group("email_hash, status").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		h := out[r.EmailHash]
		switch cms.CommentStatus(r.Status) {
		case cms.CommentPending:
			h.Pending = r.N
		case cms.CommentApproved:
			h.Approved = r.N
		case cms.CommentRejected:
			h.Rejected = r.N
		case cms.CommentSpam:
			h.Spam = r.N
		}
		out[r.EmailHash] = h
	}
	return out, nil
}

// SetCommentStatus moves the comment from status from to status to,
// recording the moderator, the time and the note. It reports false, and
// changes nothing, when the comment is not (or no longer) in status from.
func (tx *Tx) SetCommentStatus(id string, from, to cms.CommentStatus, by cms.Actor, note string) (bool, error) {
	var moderator *string
	if by.UserID != "" {
		moderator = &by.UserID
	}
	res := tx.g.Model(&commentRow{}).Where("id = ? AND status = ?", id, string(from)).Updates(map[string]any{
		"status": string(to), "moderated_by": moderator, "moderated_at": tx.Now, "moderation_note": note,
		"version": gorm.Expr("version + 1"), "updated_at": tx.Now,
	})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ModeratedComment names a comment a bulk decision changed.
type ModeratedComment struct {
	ID        string
	ArticleID string
}

// DecidePendingOf moves every pending comment of the commenter a ban of
// the kind matches by hash (the e-mail hash or the client hash) to status
// to, recording the moderator, the time and the note, and returns those
// comments oldest first. Comments in any other status are left as they
// are: a comment another moderator decided meanwhile is not counted.
func (tx *Tx) DecidePendingOf(kind cms.BanKind, hash string, to cms.CommentStatus, by cms.Actor, note string) ([]ModeratedComment, error) {
	col := "email_hash"
	if kind == cms.BanClient {
		col = "client_hash"
	}
	if hash == "" {
		return nil, nil // a comment without a client address on record matches no ban
	}
	var moderator *string
	if by.UserID != "" {
		moderator = &by.UserID
	}
	var rows []struct {
		ID        string
		ArticleID string
		CreatedAt time.Time
	}
	// One statement, so that a comment is decided once even when another
	// moderator acts on it at the same moment (it is pending or it is not).
	err := tx.g.Raw("UPDATE comments SET status = ?, moderated_by = ?, moderated_at = ?, moderation_note = ?, "+
		"version = version + 1, updated_at = ? WHERE "+col+" = ? AND status = ? RETURNING id, article_id, created_at",
		string(to), moderator, tx.Now, note, tx.Now, hash, string(cms.CommentPending)).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	sort.Slice(rows, func(i, j int) bool {
		if !rows[i].CreatedAt.Equal(rows[j].CreatedAt) {
			return rows[i].CreatedAt.Before(rows[j].CreatedAt)
		}
		return rows[i].ID < rows[j].ID
	})
	out := make([]ModeratedComment, len(rows))
	for i, r := range rows {
		out[i] = ModeratedComment{ID: r.ID, ArticleID: r.ArticleID}
	}
	return out, nil
}

// DeleteComment removes the comment and its replies and reports how many
// replies went with it. Returns ENotFound when there is none.
func (tx *Tx) DeleteComment(id string) (replies int64, err error) {
	if err := tx.g.Model(&commentRow{}).Where("parent_id = ?", id).Count(&replies).Error; err != nil {
		return 0, translate(err)
	}
	// Replies are deleted explicitly rather than left to ON DELETE CASCADE,
	// so that the result does not depend on the SQLite connection's
	// foreign_keys pragma.
	if err := tx.g.Where("parent_id = ?", id).Delete(&commentRow{}).Error; err != nil {
		return 0, translate(err)
	}
	res := tx.g.Where("id = ?", id).Delete(&commentRow{})
	if res.Error != nil {
		return 0, translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return 0, cms.Errorf(cms.ENotFound, "comment not found")
	}
	return replies, nil
}

type publicCommentRow struct {
	ID         string
	ParentID   *string
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

func (r *publicCommentRow) public() *cms.PublicComment {
	return &cms.PublicComment{ID: r.ID, AuthorName: r.AuthorName, Body: r.Body, CreatedAt: r.CreatedAt.UTC(), Replies: []*cms.PublicComment{}}
}

// publicCommentColumns are the only columns the public thread reads, so
// that nothing private can reach readers by mistake.
const publicCommentColumns = "id, parent_id, author_name, body, created_at"

// publicPage reads the page of q's comments after cursor, oldest first,
// and returns them with the page they make, its Data sized but not filled.
func publicPage(q *gorm.DB, cursor string, limit int) ([]publicCommentRow, cms.Page[*cms.PublicComment], error) {
	page := cms.Page[*cms.PublicComment]{}
	q, err := afterCursor(q, cursor, "")
	if err != nil {
		return nil, page, err
	}
	var rows []publicCommentRow
	if err := q.Order("created_at").Order("id").Limit(limit + 1).Scan(&rows).Error; err != nil {
		return nil, page, translate(err)
	}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		page.NextCursor = encodeCursor(commentCursor{T: last.CreatedAt.UTC(), ID: last.ID})
	}
	page.Data = make([]*cms.PublicComment, len(rows))
	return rows, page, nil
}

// ApprovedComments returns a page of the article's approved top-level
// comments, oldest first, each with its first replies approved replies,
// oldest first, and RepliesNextCursor set when it has more (the cursor of
// ApprovedReplies).
func (tx *Tx) ApprovedComments(articleID, cursor string, limit, replies int) (cms.Page[*cms.PublicComment], error) {
	rows, page, err := publicPage(tx.g.Table("comments").Select(publicCommentColumns).
		Where("article_id = ? AND status = ? AND parent_id IS NULL", articleID, string(cms.CommentApproved)), cursor, limit)
	if err != nil {
		return page, err
	}
	byID := make(map[string]*cms.PublicComment, len(rows))
	ids := make([]string, len(rows))
	for i := range rows {
		page.Data[i] = rows[i].public()
		byID[rows[i].ID] = page.Data[i]
		ids[i] = rows[i].ID
	}
	if len(ids) == 0 {
		return page, nil
	}
	// The first replies+1 approved replies of each comment (the one beyond
	// says there are more), in one query: a comment with thousands of
	// replies costs what one with a few does, on the wire at least.
	var first []publicCommentRow
	if err := tx.g.Raw("SELECT "+publicCommentColumns+" FROM (SELECT "+publicCommentColumns+
		", ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY created_at, id) AS n"+
		" FROM comments WHERE parent_id IN ? AND status = ?) r WHERE n <= ? ORDER BY created_at, id",
		ids, string(cms.CommentApproved), replies+1).Scan(&first).Error; err != nil {
		return cms.Page[*cms.PublicComment]{}, translate(err)
	}
	for i := range first {
		p := byID[*first[i].ParentID]
		if p == nil {
			continue
		}
		if len(p.Replies) == replies {
			last := p.Replies[len(p.Replies)-1]
			next := encodeCursor(commentCursor{T: last.CreatedAt, ID: last.ID})
			p.RepliesNextCursor = &next
			continue
		}
		p.Replies = append(p.Replies, first[i].public())
	}
	return page, nil
}

// ApprovedReplies returns a page of the approved replies to the comment
// parentID, oldest first. Returns ENotFound unless parentID is an approved
// top-level comment of the article, EInvalid for a bad cursor.
func (tx *Tx) ApprovedReplies(articleID, parentID, cursor string, limit int) (cms.Page[*cms.PublicComment], error) {
	var n int64
	if err := tx.g.Table("comments").Where("id = ? AND article_id = ? AND status = ? AND parent_id IS NULL",
		parentID, articleID, string(cms.CommentApproved)).Count(&n).Error; err != nil {
		return cms.Page[*cms.PublicComment]{}, translate(err)
	}
	if n == 0 {
		return cms.Page[*cms.PublicComment]{}, cms.Errorf(cms.ENotFound, "comment not found")
	}
	rows, page, err := publicPage(tx.g.Table("comments").Select(publicCommentColumns).
		Where("parent_id = ? AND status = ?", parentID, string(cms.CommentApproved)), cursor, limit)
	if err != nil {
		return page, err
	}
	for i := range rows {
		page.Data[i] = rows[i].public()
	}
	return page, nil
}

// ApprovedCommentCounts returns, for each article, how many comments
// readers see: approved top-level comments and approved replies to them.
// Articles without any are left out.
func (tx *Tx) ApprovedCommentCounts(articleIDs []string) (map[string]int64, error) {
	out := make(map[string]int64, len(articleIDs))
	if len(articleIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ArticleID string
		N         int64
	}
	err := tx.g.Table("comments c").Select("c.article_id, COUNT(*) AS n").
		Joins("LEFT JOIN comments p ON p.id = c.parent_id").
		Where("c.article_id IN ? AND c.status = ? AND (c.parent_id IS NULL OR p.status = ?)",
			articleIDs, string(cms.CommentApproved), string(cms.CommentApproved)).
		Group("c.article_id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ArticleID] = r.N
	}
	return out, nil
}

type banRow struct {
	ID        string `gorm:"primaryKey"`
	Kind      string
	ValueHash string
	Label     string
	Reason    string
	CommentID *string
	ExpiresAt *time.Time
	CreatedBy *string
	CreatedAt time.Time
}

func (banRow) TableName() string { return "bans" }

type banView struct {
	ID            string
	Kind          string
	ValueHash     string
	Label         string
	Reason        string
	CommentID     *string
	ExpiresAt     *time.Time
	CreatedBy     *string
	CreatedAt     time.Time
	CreatedByName *string
}

func (r *banView) ban(now time.Time) *cms.Ban {
	b := &cms.Ban{ID: r.ID, Kind: cms.BanKind(r.Kind), Label: r.Label, Reason: r.Reason, CommentID: r.CommentID,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), ValueHash: r.ValueHash, Active: true}
	if r.ExpiresAt != nil {
		t := r.ExpiresAt.UTC()
		b.ExpiresAt = &t
		b.Active = t.After(now)
	}
	if r.CreatedByName != nil {
		b.CreatedByName = *r.CreatedByName
	}
	return b
}

func (tx *Tx) banViews() *gorm.DB {
	return tx.g.Table("bans b").Select("b.id, b.kind, b.value_hash, b.label, b.reason, b.comment_id, b.expires_at, " +
		"b.created_by, b.created_at, u.name AS created_by_name").Joins("LEFT JOIN users u ON u.id = b.created_by")
}

// CreateBan inserts b (id, kind, hash, label, reason, comment and expiry set
// by the caller), recording the actor and the time. A ban of the same kind
// and hash that has expired is replaced. Returns EConflict when an active
// one exists.
func (tx *Tx) CreateBan(b *cms.Ban, by cms.Actor) error {
	var old banRow
	err := tx.g.Where("kind = ? AND value_hash = ?", string(b.Kind), b.ValueHash).Take(&old).Error
	switch {
	case err == nil && (old.ExpiresAt == nil || old.ExpiresAt.After(tx.Now)):
		return &cms.Error{Code: cms.EConflict, Message: "this commenter is already banned", Details: map[string]any{"ban_id": old.ID}}
	case err == nil:
		if err := tx.g.Where("id = ?", old.ID).Delete(&banRow{}).Error; err != nil {
			return translate(err)
		}
	case cms.ErrorCode(notFound(err, "ban")) != cms.ENotFound:
		return translate(err)
	}
	row := banRow{ID: b.ID, Kind: string(b.Kind), ValueHash: b.ValueHash, Label: b.Label, Reason: b.Reason,
		CommentID: b.CommentID, ExpiresAt: b.ExpiresAt, CreatedAt: tx.Now}
	if by.UserID != "" {
		row.CreatedBy = &by.UserID
	}
	if err := tx.g.Create(&row).Error; err != nil {
		if isDuplicate(err) {
			return cms.Errorf(cms.EConflict, "this commenter is already banned")
		}
		return translate(err)
	}
	return nil
}

// Ban returns the ban with the id. Returns ENotFound when there is none.
func (tx *Tx) Ban(id string) (*cms.Ban, error) {
	var row banView
	if err := tx.banViews().Where("b.id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "ban")
	}
	return row.ban(tx.Now), nil
}

// ListBans returns bans newest first, expired ones included (Active false).
func (tx *Tx) ListBans(cursor string, limit int) (cms.Page[*cms.Ban], error) {
	q := tx.banViews()
	var before commentCursor
	if err := decodeCursor(cursor, &before, "t", "id"); err != nil {
		return cms.Page[*cms.Ban]{}, err
	}
	if before.ID != "" {
		t := before.T.UTC()
		q = q.Where("(b.created_at < ? OR (b.created_at = ? AND b.id < ?))", t, t, before.ID)
	}
	var rows []banView
	if err := q.Order("b.created_at DESC").Order("b.id DESC").Limit(limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*cms.Ban]{}, translate(err)
	}
	page := cms.Page[*cms.Ban]{}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		page.NextCursor = encodeCursor(commentCursor{T: last.CreatedAt.UTC(), ID: last.ID})
	}
	page.Data = make([]*cms.Ban, len(rows))
	for i := range rows {
		page.Data[i] = rows[i].ban(tx.Now)
	}
	return page, nil
}

// DeleteBan lifts a ban. Returns ENotFound when there is none.
func (tx *Tx) DeleteBan(id string) error {
	return tx.deleteRow(&banRow{}, "ban", id, "the ban is in use")
}

// Banned reports whether an active ban (one without expiry, or expiring
// after now) matches the e-mail hash or the client hash.
func (tx *Tx) Banned(emailHash, clientHash string) (bool, error) {
	var n int64
	err := tx.g.Model(&banRow{}).
		Where("((kind = ? AND value_hash = ?) OR (kind = ? AND value_hash = ?)) AND (expires_at IS NULL OR expires_at > ?)",
			string(cms.BanEmail), emailHash, string(cms.BanClient), clientHash, tx.Now).
		Count(&n).Error
	return n > 0, translate(err)
}

// Hit counts one event against the fixed-window rate counter named key
// (windows of the given length, aligned to the Unix epoch, shared by every
// replica through the database) and returns the count in the current window,
// this event included, and when the window ends. Windows older than a day
// are purged now and then.
func (tx *Tx) Hit(key string, window time.Duration) (count int64, resetAt time.Time, err error) {
	start := tx.Now.Truncate(window)
	err = tx.g.Raw("INSERT INTO rate_counters (key, window_start, count) VALUES (?, ?, 1) "+
		"ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count", key, start).
		Scan(&count).Error
	if err != nil {
		return 0, time.Time{}, translate(err)
	}
	if count == 1 {
		// The first event of a window: a good moment to drop dead windows.
		if err := tx.g.Exec("DELETE FROM rate_counters WHERE window_start < ?", tx.Now.Add(-24*time.Hour-window)).Error; err != nil {
			return 0, time.Time{}, translate(err)
		}
	}
	return count, start.Add(window), nil
}

// EnsureSetting stores value (JSON) under key unless the key already has a
// value, and returns the stored value as JSON text. Replicas that race to
// create it all get the one that was stored first.
func (tx *Tx) EnsureSetting(key, value string) (string, error) {
	insert := "INSERT INTO settings (key, value, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT (key) DO NOTHING"
	if tx.db.dialect == Postgres {
		insert = "INSERT INTO settings (key, value, version, created_at, updated_at) VALUES (?, CAST(? AS jsonb), 1, ?, ?) ON CONFLICT (key) DO NOTHING"
	}
	if err := tx.g.Exec(insert, key, value, tx.Now, tx.Now).Error; err != nil {
		return "", translate(err)
	}
	var stored []string
	if err := tx.g.Raw("SELECT CAST(value AS TEXT) FROM settings WHERE key = ?", key).Scan(&stored).Error; err != nil {
		return "", translate(err)
	}
	if len(stored) != 1 {
		return "", cms.Errorf(cms.EInternal, "the setting %s could not be stored", key)
	}
	return stored[0], nil
}
