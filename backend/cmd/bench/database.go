package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"newsroom/cms"
)

// databaseSaves measures PostgreSQL alone doing what every save must do:
// in one transaction, write the article's new text, its revision and an
// audit row, on the articles of ids (one per connection, as the saving
// editors each have their own draft), from a bare client with no backend
// in between. It is the writes' ceiling, as the ceiling server is the
// reads': a save through the API cannot go faster than this, whatever the
// backend does, unless it writes less. The rows are those of the articles
// bench created, written as a save of them would write them.
func databaseSaves(ctx context.Context, dsn string, ids []string, l Load) (Result, error) {
	conns := make([]*dbSaver, 0, l.Connections)
	defer func() {
		for _, c := range conns {
			c.conn.Close(context.Background())
		}
	}()
	for i := range l.Connections {
		c, err := newDBSaver(ctx, dsn, ids[i%len(ids)])
		if err != nil {
			return Result{}, err
		}
		conns = append(conns, c)
	}
	return closedLoop(ctx, l, func(c int) (step, func()) {
		return conns[c].save, func() {}
	}), nil
}

// dbSaver is one connection saving one article, again and again.
type dbSaver struct {
	conn               *pgx.Conn
	id, headline, body string
	text               string
	n                  int
}

func newDBSaver(ctx context.Context, dsn, id string) (*dbSaver, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect to the database (--database-url): %w", err)
	}
	s := &dbSaver{conn: conn, id: id}
	err = conn.QueryRow(ctx, "SELECT headline, body::text, search_text FROM articles WHERE id = $1", id).Scan(&s.headline, &s.body, &s.text)
	if err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("read the article %s to save: %w", id, err)
	}
	if !strings.Contains(s.body, `"text": "`) {
		conn.Close(ctx)
		return nil, fmt.Errorf("the article %s has no paragraph to change", id)
	}
	return s, nil
}

// save writes one save's rows, with a paragraph and the search text changed
// as an editor's save changes them, and the statements the store sends for
// them (see store.Tx.UpdateArticle, AddRevision and Audit).
func (s *dbSaver) save() (bool, time.Duration, int, error) {
	s.n++
	mark := strconv.Itoa(s.n) + " "
	body := strings.Replace(s.body, `"text": "`, `"text": "`+mark, 1)
	snapshot, _ := json.Marshal(map[string]any{"headline": s.headline, "body": json.RawMessage(body)})
	details := `{"version": ` + strconv.Itoa(s.n) + `}`
	ctx := context.Background()
	began := time.Now()
	now := began.UTC()
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return true, 0, 0, err
	}
	defer tx.Rollback(ctx)
	var version int64
	err = tx.QueryRow(ctx, "UPDATE articles SET body = $2, search_text = $3, version = version + 1, updated_at = $4 WHERE id = $1 RETURNING version",
		s.id, body, mark+s.text, now).Scan(&version)
	if err == nil {
		_, err = tx.Exec(ctx, "INSERT INTO article_revisions (id, article_id, number, article_version, snapshot, author_name, created_at) "+
			"VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = $2), $3, $4, 'make bench', $5)",
			cms.NewID(now), s.id, version, string(snapshot), now)
	}
	if err == nil {
		_, err = tx.Exec(ctx, "INSERT INTO audit_events (id, actor_name, action, entity_type, entity_id, details, client_ip, created_at) "+
			"VALUES ($1, 'make bench', 'article.update', 'article', $2, $3, '127.0.0.1', $4)", cms.NewID(now), s.id, details, now)
	}
	if err == nil {
		err = tx.Commit(ctx)
	}
	return true, time.Since(began), 0, err
}
