package store

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

// Raw runs a query on the handle's connection and scans its first row into
// dest: for tests that must see which server answered.
func (tx *Tx) Raw(dest any, query string, args ...any) error {
	return translate(tx.g.Raw(query, args...).Scan(dest).Error)
}

// EndOfRecords exposes endOfRecords to the tests.
var EndOfRecords = endOfRecords

// ParseLSN exposes parseLSN to the tests.
var ParseLSN = parseLSN

// ExplainSearchBand returns PostgreSQL's plan for the query of one of
// search's bands, with sequential scans off (a test database is too small
// for the planner to want an index otherwise).
func (tx *Tx) ExplainSearchBand(query string, recent bool) (string, error) {
	cutoff := tx.Now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -SearchRecentDays)
	stmt := tx.searchBand(query, LiveFilter{}, cutoff, recent).Session(&gorm.Session{DryRun: true}).Find(&[]liveRow{}).Statement
	if err := tx.g.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
		return "", err
	}
	rows, err := tx.g.Statement.ConnPool.QueryContext(tx.g.Statement.Context, "EXPLAIN "+stmt.SQL.String(), stmt.Vars...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return strings.Join(lines, "\n"), nil
}
