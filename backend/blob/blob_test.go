package blob_test

import (
	"errors"
	"strings"
	"testing"

	"newsroom/blob"
)

func TestValidateKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"a", true},
		{"media/2024/05/abc.jpg", true},
		{"media/صور/خبر.jpg", true},
		{"name with spaces.png", true},
		{"a.b/c..d", true}, // dots inside a segment are fine
		{strings.Repeat(strings.Repeat("k", 99)+"/", 10) + strings.Repeat("k", 24), true}, // MaxKeyLen bytes
		{strings.Repeat("k", blob.MaxSegmentLen), true},
		{"media/" + strings.Repeat("k", blob.MaxSegmentLen), true},

		{"", false},
		{"/a", false},
		{"a/", false},
		{"a//b", false},
		{".", false},
		{"..", false},
		{"a/../b", false},
		{"a/.b", false},
		{`a\b`, false},
		{"a\x00", false},
		{"a\x7f", false},
		{"\xff", false},
		{strings.Repeat("k", blob.MaxKeyLen+1), false},
		{strings.Repeat("k", blob.MaxSegmentLen+1), false},
		{"media/" + strings.Repeat("k", blob.MaxSegmentLen+1) + "/a.jpg", false},
	}
	for _, tt := range tests {
		err := blob.ValidateKey(tt.key)
		if got := err == nil; got != tt.want {
			t.Errorf("ValidateKey(%q): got %v, want valid=%v", tt.key, err, tt.want)
		}
		if err != nil && !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidateKey(%q): got %v, want it to wrap ErrInvalidKey", tt.key, err)
		}
	}
}

func TestValidatePrefix(t *testing.T) {
	tests := []struct {
		prefix string
		want   bool
	}{
		{"", true},
		{"media/", true},
		{"media/ab", true},
		{"media/2024/", true},

		{"/", false},
		{"/media", false},
		{"media//", false},
		{"media/..", false},
		{"media/.", false},
		{`media\`, false},
		{"media/" + strings.Repeat("k", blob.MaxSegmentLen+1), false},
	}
	for _, tt := range tests {
		err := blob.ValidatePrefix(tt.prefix)
		if got := err == nil; got != tt.want {
			t.Errorf("ValidatePrefix(%q): got %v, want valid=%v", tt.prefix, err, tt.want)
		}
		if err != nil && !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidatePrefix(%q): got %v, want it to wrap ErrInvalidKey", tt.prefix, err)
		}
	}
}
