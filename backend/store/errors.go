package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"newsroom/cms"
)

// translate turns driver errors into *cms.Error codes: not-found, unique and
// foreign-key violations, and an unreachable database (EUnavailable, answered
// with 503 so clients retry). Other errors are returned unchanged and become
// internal errors at the HTTP boundary.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var ce *cms.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return cms.Errorf(cms.ENotFound, "not found")
	case isDuplicate(err):
		return &cms.Error{Code: cms.EConflict, Message: "an object with the same unique value already exists"}
	case isForeignKey(err):
		return &cms.Error{Code: cms.EConflict, Message: "the object is referenced by, or refers to, another object that prevents this change"}
	case unstorableText(err):
		return cms.Errorf(cms.EBadRequest, "the request contains text that is not valid UTF-8 or holds a NUL character")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &cms.Error{Code: cms.EUnavailable, Message: "the database did not answer in time; try again"}
	case unreachable(err):
		return &cms.Error{Code: cms.EUnavailable, Message: "the database is unavailable; try again shortly"}
	}
	return err
}

// unstorableText reports whether PostgreSQL refused a text value that is not
// valid UTF-8 or holds a NUL byte (SQLSTATE 22021). Such text can only come
// from a client (an id in a path, a filter, a cursor): validated input never
// carries it, and SQLite accepts it and simply finds nothing.
func unstorableText(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "22021"
}

// unreachable reports whether err says the database cannot be reached, as
// opposed to a query that the database refused.
func unreachable(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		// 08: connection exception; 57P01..57P03: the server is shutting down or starting.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "SQLITE_BUSY") ||
		strings.Contains(msg, "database is locked") || strings.Contains(msg, "failed to connect") ||
		strings.Contains(msg, "unexpected EOF")
}

// isDuplicate reports whether err is a unique-constraint violation.
func isDuplicate(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) || (err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed"))
}

// isForeignKey reports whether err is a foreign-key violation. The SQLite
// driver reports some of them (ON DELETE RESTRICT) with the primary result
// code only, which gorm's translator misses, hence the message check.
func isForeignKey(err error) bool {
	return errors.Is(err, gorm.ErrForeignKeyViolated) || (err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed"))
}

// duplicateField returns err translated, or, for a unique violation, an
// EConflict naming field with msg.
func duplicateField(err error, field, msg string) error {
	if isDuplicate(err) {
		return &cms.Error{Code: cms.EConflict, Message: "the request conflicts with an existing object", Fields: map[string]string{field: msg}}
	}
	return translate(err)
}

// notFound returns err translated, with the not-found message naming what was
// looked for.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return cms.Errorf(cms.ENotFound, "%s not found", what)
	}
	return translate(err)
}
