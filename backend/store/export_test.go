package store

// Raw runs a query on the handle's connection and scans its first row into
// dest: for tests that must see which server answered.
func (tx *Tx) Raw(dest any, query string, args ...any) error {
	return translate(tx.g.Raw(query, args...).Scan(dest).Error)
}

// EndOfRecords exposes endOfRecords to the tests.
var EndOfRecords = endOfRecords

// ParseLSN exposes parseLSN to the tests.
var ParseLSN = parseLSN
