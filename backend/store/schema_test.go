package store_test

import (
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	_ "github.com/glebarez/go-sqlite"  // the "sqlite" database/sql driver, to read the schema
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to read the schema

	"newsroom/cmstest"
	"newsroom/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// column is one column of a migrated schema.
type column struct {
	name     string
	nullable bool
}

// schema maps each table to its columns in declaration order.
type schema map[string][]column

// migrated migrates the new, empty database at url with the store; the
// schema is then read over a connection of the test's own.
func migrated(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, cmstest.Logger())
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

// readSchema runs query, which yields (table, column, nullable) rows in
// declaration order.
func readSchema(t *testing.T, driver, dsn, query string) schema {
	t.Helper()
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(query)
	if err != nil {
		t.Fatalf("read the %s schema: %v", driver, err)
	}
	defer rows.Close()
	s := schema{}
	for rows.Next() {
		var table string
		var c column
		if err := rows.Scan(&table, &c.name, &c.nullable); err != nil {
			t.Fatal(err)
		}
		s[table] = append(s[table], c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(s) == 0 {
		t.Fatalf("the %s schema has no tables", driver)
	}
	return s
}

func postgresSchema(t *testing.T) schema {
	url := cmstest.PostgresDatabaseURL(t)
	migrated(t, url)
	return readSchema(t, "pgx", url, `
		SELECT c.table_name, c.column_name, c.is_nullable = 'YES'
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
}

func sqliteSchema(t *testing.T) schema {
	path := filepath.Join(t.TempDir(), "schema.db")
	migrated(t, "sqlite:"+path)
	// A column is NOT NULL when declared so, or when it is the INTEGER
	// PRIMARY KEY (the rowid); other primary-key columns accept NULL in
	// SQLite unless declared NOT NULL.
	return readSchema(t, "sqlite", path, `
		SELECT m.name, p.name, NOT (p."notnull" OR (p.pk = 1 AND upper(p.type) = 'INTEGER'))
		FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY m.name, p.cid`)
}

// dialectOnly reports the tables and columns that one dialect has on
// purpose: goose's bookkeeping, PostgreSQL's generated tsvector columns and
// SQLite's FTS5 tables (with their shadow tables) and their rowid map.
func dialectOnly(table, column string) bool {
	switch {
	case table == "goose_db_version",
		table == "article_search_rowids",
		strings.HasPrefix(table, "article_search"), strings.HasPrefix(table, "article_admin_search"):
		return true
	case column == "search_document":
		return true
	}
	return false
}

func withoutDialectOnly(s schema) schema {
	out := schema{}
	for table, cols := range s {
		for _, c := range cols {
			if !dialectOnly(table, c.name) {
				out[table] = append(out[table], c)
			}
		}
	}
	return out
}

func names(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

func sortedTables(s schema) []string {
	tables := make([]string, 0, len(s))
	for t := range s {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	return tables
}

// TestSchemaParity migrates both dialects and checks that they have the
// same tables, the same columns in the same order, and the same NOT NULL
// constraints, apart from what dialectOnly names; and that the schema is
// the one in testdata/schema.golden (refresh with -update).
func TestSchemaParity(t *testing.T) {
	raw := map[string]schema{"postgres": postgresSchema(t), "sqlite": sqliteSchema(t)}
	pg, lite := withoutDialectOnly(raw["postgres"]), withoutDialectOnly(raw["sqlite"])

	// The exclusions are where they are expected to be, so they hide nothing.
	for name, s := range raw {
		for table, cols := range s {
			for _, c := range cols {
				if !dialectOnly(table, c.name) {
					continue
				}
				switch {
				case table == "goose_db_version":
				case name == "postgres" && c.name == "search_document" && (table == "articles" || table == "article_publications"):
				case name == "sqlite" && c.name != "search_document":
				default:
					t.Errorf("%s: %s.%s is left out of the comparison, but is not one of the dialect-only objects", name, table, c.name)
				}
			}
		}
	}

	for _, table := range sortedTables(pg) {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s: in PostgreSQL, not in SQLite", table)
		}
	}
	for _, table := range sortedTables(lite) {
		pgCols, ok := pg[table]
		if !ok {
			t.Errorf("table %s: in SQLite, not in PostgreSQL", table)
			continue
		}
		liteCols := lite[table]
		if got, want := names(liteCols), names(pgCols); !slices.Equal(got, want) {
			t.Errorf("table %s columns:\n  sqlite   %v\n  postgres %v", table, got, want)
			continue
		}
		for i, c := range liteCols {
			if c.nullable != pgCols[i].nullable {
				t.Errorf("%s.%s nullable: got %v in SQLite, want %v as in PostgreSQL", table, c.name, c.nullable, pgCols[i].nullable)
			}
		}
	}

	var b strings.Builder
	b.WriteString("# Tables and columns of both dialects after every migration, in declaration\n")
	b.WriteString("# order; a trailing ? marks a nullable column. Generated by TestSchemaParity\n")
	b.WriteString("# (go test ./store -run TestSchemaParity -update); do not edit by hand.\n")
	for _, table := range sortedTables(pg) {
		cols := make([]string, len(pg[table]))
		for i, c := range pg[table] {
			cols[i] = c.name
			if c.nullable {
				cols[i] += "?"
			}
		}
		b.WriteString(table + ": " + strings.Join(cols, ", ") + "\n")
	}
	golden := filepath.Join("testdata", "schema.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read the golden file (create it with -update): %v", err)
	}
	if got := b.String(); got != string(want) {
		gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for _, l := range gotLines {
			if !slices.Contains(wantLines, l) {
				t.Errorf("schema line not in %s: %s", golden, l)
			}
		}
		for _, l := range wantLines {
			if !slices.Contains(gotLines, l) {
				t.Errorf("%s line not in the schema: %s", golden, l)
			}
		}
		t.Errorf("the schema differs from %s; review the change and refresh it with -update", golden)
	}
}
