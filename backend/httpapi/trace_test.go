package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestTraceID(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "4bf92f3577b34da6a3ce929d0e0e4736"},
		// A later version may append fields; version 00 may not.
		{"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", ""},
		{"", ""},
		{"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""},
		{"00-00000000000000000000000000000000-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", ""},
		{"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", ""},
		{`00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0"`, ""},
		{"00-<script>alert(1)</script>-00f067aa0ba902b7-01", ""},
	} {
		if got := TraceID(tc.header); got != tc.want {
			t.Errorf("TraceID(%q): got %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestTraceIDInLogs sends a request with a W3C traceparent and one
// without, and checks the request's log line carries the trace id beside
// the request id only when the header was valid.
func TestTraceIDInLogs(t *testing.T) {
	for _, tc := range []struct{ traceparent, want string }{
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"", ""},
		{"garbage", ""},
	} {
		var logs bytes.Buffer
		e := newEngine(&logs)
		e.GET("/x", func(c *gin.Context) { c.Status(http.StatusNoContent) })
		req := httptest.NewRequest("GET", "/x", nil)
		if tc.traceparent != "" {
			req.Header.Set("traceparent", tc.traceparent)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		var rec map[string]any
		line, _, _ := strings.Cut(logs.String(), "\n")
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] != "request" || rec["request_id"] != w.Header().Get("X-Request-ID") {
			t.Errorf("traceparent %q: log line %v, want the request line with request_id %q", tc.traceparent, rec, w.Header().Get("X-Request-ID"))
		}
		got, ok := rec["trace_id"]
		switch {
		case tc.want == "" && ok:
			t.Errorf("traceparent %q: log line has trace_id %v, want none", tc.traceparent, got)
		case tc.want != "" && got != tc.want:
			t.Errorf("traceparent %q: trace_id got %v, want %q", tc.traceparent, got, tc.want)
		}
	}
}
