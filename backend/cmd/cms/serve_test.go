package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/editorial"
)

// The helpers of the tests that run `cms serve` as a real process: build
// the binary, start it, wait until it is ready, stop it, and call its admin
// API.

var binary struct {
	once sync.Once
	path string
	err  error
}

// cmsBinary builds `cms` once per test run, for tests that need real
// server processes.
func cmsBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		dir, err := os.MkdirTemp("", "cms-bin-")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "cms")
		cmd := exec.Command("go", "build", "-o", binary.path, ".")
		cmd.Dir = filepath.Dir(file)
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serveProcess is a `cms serve` started by startServe.
type serveProcess struct {
	addr    string // host:port it listens on
	cmd     *exec.Cmd
	once    sync.Once
	waitErr error
}

// startServe starts `cms serve` as a separate process on dbURL, with a
// local media store in a temporary directory, the scheduler every 100 ms
// and env added to (and overriding) that environment, and returns once it
// answers /readyz. It is stopped (SIGTERM) when the test ends, if the test
// did not stop it.
func startServe(t *testing.T, dbURL string, env ...string) *serveProcess {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(cmsBinary(t), "serve", "--log-format", "text")
	// os/exec keeps the last value of a variable named twice, so env wins.
	cmd.Env = append(append(os.Environ(), "CMS_DATABASE_URL="+dbURL, "CMS_HTTP_ADDR="+addr, "CMS_STORAGE_DIR="+t.TempDir(),
		"CMS_SCHEDULER_INTERVAL=100ms", "CMS_LOG_LEVEL=warn"), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{addr: addr, cmd: cmd}
	t.Cleanup(func() { p.signal() })
	waitReady(t, addr)
	return p
}

// signal sends SIGTERM once and waits for the process to end.
func (p *serveProcess) signal() error {
	p.once.Do(func() {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			p.waitErr = err
			_ = p.cmd.Process.Kill()
		}
		if err := p.cmd.Wait(); p.waitErr == nil {
			p.waitErr = err
		}
	})
	return p.waitErr
}

// stop stops the server and fails the test unless it exits cleanly, as a
// drained server should.
func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	if err := p.signal(); err != nil {
		t.Fatalf("cms serve on %s exited with %v on SIGTERM", p.addr, err)
	}
}

// waitReady waits up to 20 seconds until the server on addr answers
// /readyz with 200.
func waitReady(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("cms serve on %s did not become ready", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// loginAt signs in with cmstest.Password and returns the token.
func loginAt(t *testing.T, addr, email string) string {
	t.Helper()
	res, err := http.Post("http://"+addr+"/api/admin/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"`+email+`","password":"`+cmstest.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var l struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&l); err != nil || l.Token == "" {
		t.Fatalf("login at %s: %v (status %d)", addr, err, res.StatusCode)
	}
	return l.Token
}

// adminCall sends a request to the admin API and fails the test unless it
// answers 200.
func adminCall(t *testing.T, addr, token, method, path, body, ifMatch string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d", method, path, res.StatusCode)
	}
}

// republishVisible gives a published article a new headline and publishes
// it through the admin API of the server on from (as the editor made by
// newsroomOn), and fails the test unless the server on to serves the new
// headline within a second.
func republishVisible(t *testing.T, ed *editorial.Service, editor cms.Actor, articleID, from, to string, headline func(addr string) string) {
	t.Helper()
	token := loginAt(t, from, "ed@test.example")
	cur, err := ed.Article(context.Background(), editor, articleID)
	if err != nil {
		t.Fatal(err)
	}
	adminCall(t, from, token, "PATCH", "/api/admin/v1/articles/"+articleID, `{"headline":"العنوان الثاني"}`, fmt.Sprintf(`"%d"`, cur.Version))
	adminCall(t, from, token, "POST", "/api/admin/v1/articles/"+articleID+"/publish", "", "")
	published := time.Now()
	for headline(to) != "العنوان الثاني" {
		if time.Since(published) > time.Second {
			t.Fatalf("the server on %s still serves the old headline %v after the publish", to, time.Since(published))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("visible on the other server after %v", time.Since(published))
}

// call sends a JSON request and decodes the JSON answer; it fails the test
// unless the status is want.
func call(t *testing.T, base, token, method, path string, body any, want int, header ...string) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s%s: %v", method, base, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s%s: got %d, want %d: %s", method, base, path, res.StatusCode, want, b)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// waitFor polls ok every 10ms until it holds or within passes, and returns
// how long it took.
func waitFor(t *testing.T, within time.Duration, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > within {
			t.Fatalf("%s: not after %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// etag is the If-Match value of an object the admin API answered.
func etag(obj map[string]any) string { return fmt.Sprintf(`"%.0f"`, obj["version"].(float64)) }

// upload sends an image with the text fields to the admin API's media
// library and returns the asset answered; it fails the test unless 201.
func upload(t *testing.T, base, token, name string, img []byte, fields map[string]string) map[string]any {
	t.Helper()
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(img)
	w.Close()
	req, err := http.NewRequest("POST", base+"/api/admin/v1/media", &form)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &m) != nil || m["url"] == nil {
		t.Fatalf("upload %s to %s: %d %s", name, base, res.StatusCode, b)
	}
	return m
}

// mediaURLs are the file URLs of an asset the API answered (as upload's,
// or a hero image): the original's and each rendition's.
func mediaURLs(asset map[string]any) []string {
	urls := []string{asset["url"].(string)}
	rends, _ := asset["renditions"].([]any)
	for _, r := range rends {
		urls = append(urls, r.(map[string]any)["url"].(string))
	}
	return urls
}
