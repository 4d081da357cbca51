// Package migrations holds the database schema of the newsroom as versioned,
// forward-only goose SQL migrations, one directory per dialect. Both
// directories hold the same numbers and names (NNNNN_name.sql) and describe
// the same tables and columns; they differ only in types and in full-text
// search. A migration, once released, is never edited: changes go in a new
// file in BOTH directories.
package migrations

import (
	"embed"
	"io/fs"
)

// Postgres holds the PostgreSQL migrations, under the directory "postgres".
// Hand PostgresFS to goose, which looks for migrations at the root of its
// file system.
//
//go:embed postgres/*.sql
var Postgres embed.FS

// SQLite holds the SQLite migrations, under the directory "sqlite". Hand
// SQLiteFS to goose, which looks for migrations at the root of its file
// system. They need PRAGMA foreign_keys = ON and FTS5 (built into the pure-Go
// driver).
//
//go:embed sqlite/*.sql
var SQLite embed.FS

// PostgresFS returns the PostgreSQL migrations at the root of the returned
// file system, ready for goose.NewProvider(goose.DialectPostgres, db, fsys).
func PostgresFS() fs.FS { return sub(Postgres, "postgres") }

// SQLiteFS returns the SQLite migrations at the root of the returned file
// system, ready for goose.NewProvider(goose.DialectSQLite3, db, fsys).
func SQLiteFS() fs.FS { return sub(SQLite, "sqlite") }

func sub(fsys embed.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and dir is a constant.
		panic("migrations: " + err.Error())
	}
	return s
}
