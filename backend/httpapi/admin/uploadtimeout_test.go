package admin_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/media"
	"newsroom/store"
)

// slowUpload is an upload sent over a TCP connection of its own, its body
// written a piece at a time, as a client on a slow link does.
type slowUpload struct {
	conn  net.Conn
	body  []byte
	start time.Time
}

// startSlowUpload sends the headers of an upload of body (Content-Length
// the whole body) and its first sent bytes.
func startSlowUpload(t *testing.T, app *cmstest.App, token, contentType string, body []byte, sent int) *slowUpload {
	t.Helper()
	u, err := url.Parse(app.URL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	start := time.Now()
	fmt.Fprintf(conn, "POST %s/media HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		api, u.Host, token, contentType, len(body))
	if _, err := conn.Write(body[:sent]); err != nil {
		t.Fatal(err)
	}
	return &slowUpload{conn: conn, body: body, start: start}
}

// response reads the answer, waiting at most 10 seconds for it, and says
// how long it took and whether the server closes the connection after it.
func (s *slowUpload) response(t *testing.T) (res *cmstest.Response, took time.Duration, closes bool) {
	t.Helper()
	s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r, err := http.ReadResponse(bufio.NewReader(s.conn), nil)
	if err != nil {
		t.Fatalf("slow upload: no answer after %v: %v", time.Since(s.start), err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return &cmstest.Response{Status: r.StatusCode, Header: r.Header, Body: b}, time.Since(s.start), r.Close
}

// waitAdmitted waits until n uploads are admitted.
func waitAdmitted(t *testing.T, app *cmstest.App, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		got, _ := app.Media.Admitted()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("admitted: got %d, want %d", got, n)
		}
	}
}

// TestUploadTimeout: clients that send their upload too slowly hold their
// place in the upload queue for UploadTimeout, not for the server's read
// timeout: then they get 408 with a JSON error, their place is free for
// others, and nothing of theirs is stored. A slow client that finishes in
// time is served.
func TestUploadTimeout(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		const timeout = time.Second
		app := cmstest.NewApp(t, db, cmstest.Options{Media: &media.Config{UploadQueue: 1, UploadTimeout: timeout}})
		editor := app.NewClient(t, "editor")
		before := mediaState(t, app)

		// Two clients take both places and send half their body, then stall.
		var stalled []*slowUpload
		for i := range 2 {
			body, ct := form(t, [][2]string{{"caption", fmt.Sprint("بطيء ", i)}}, "slow.jpg", cmstest.JPEG(t, 320, 240, 20+i))
			stalled = append(stalled, startSlowUpload(t, app, editor.Token, ct, body, len(body)/2))
		}
		waitAdmitted(t, app, 2)
		body, ct := form(t, nil, "c.jpg", cmstest.JPEG(t, 320, 240, 30))
		if res := sendUpload(t, app, editor.Token, ct, bytes.NewReader(body)); res.Status != http.StatusServiceUnavailable {
			t.Fatalf("upload while the slow clients hold the queue: got %d %s, want 503", res.Status, res.Body)
		}

		for _, s := range stalled {
			res, took, closes := s.response(t)
			wantError(t, res, http.StatusRequestTimeout, "request_timeout")
			if took < timeout || took > timeout+3*time.Second {
				t.Errorf("408 after %v, want it after the upload timeout of %v", took, timeout)
			}
			if !closes {
				t.Error("408 without Connection: close, want it (the rest of the body is not read)")
			}
		}
		waitAdmitted(t, app, 0)
		if after := mediaState(t, app); after != before {
			t.Errorf("timed-out uploads changed the library:\n%s\nwant\n%s", after, before)
		}

		// Their places are free: an upload goes through.
		if res := sendUpload(t, app, editor.Token, ct, bytes.NewReader(body)); res.Status != http.StatusCreated {
			t.Fatalf("upload after the slow clients: got %d %s, want 201", res.Status, res.Body)
		}

		// A slow client that sends its whole body within the time is served.
		body, ct = form(t, [][2]string{{"caption", "بطيء لكن في الوقت"}}, "in-time.jpg", cmstest.JPEG(t, 320, 240, 40))
		s := startSlowUpload(t, app, editor.Token, ct, body, len(body)/3)
		time.Sleep(timeout / 4)
		s.conn.Write(body[len(body)/3 : 2*len(body)/3])
		time.Sleep(timeout / 4)
		s.conn.Write(body[2*len(body)/3:])
		if res, _, _ := s.response(t); res.Status != http.StatusCreated {
			t.Errorf("slow upload within the time: got %d %s, want 201", res.Status, res.Body)
		}
		waitAdmitted(t, app, 0)
	})
}
