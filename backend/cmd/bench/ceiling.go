package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ceilingBody is a JSON document of exactly size bytes (at least 12).
func ceilingBody(size int) []byte {
	const head, tail = `{"data":"`, `"}`
	fill := max(size-len(head)-len(tail), 0)
	return []byte(head + strings.Repeat("x", fill) + tail)
}

// serveCeiling answers every request with the same JSON body, on ln, until
// ctx ends: the fastest a Go net/http server on this machine answers a
// response of that size, which the backend is compared with.
func serveCeiling(ctx context.Context, ln net.Listener, size int) error {
	body := ceilingBody(size)
	length := strconv.Itoa(len(body))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h["Content-Type"] = []string{"application/json; charset=utf-8"}
			h["Content-Length"] = []string{length}
			w.Write(body)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ceilingProcess is a `bench ceiling` child process: the ceiling server runs
// in a process of its own, as the backend does, so both are measured the
// same way.
type ceilingProcess struct {
	cmd *exec.Cmd
	URL string
}

// startCeiling starts `bench ceiling --size size` and waits for its address.
func startCeiling(size int) (*ceilingProcess, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "ceiling", "--size", strconv.Itoa(size), "--addr", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &ceilingProcess{cmd: cmd}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("the ceiling server did not say where it listens: %w", err)
	}
	p.URL = strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	go io.Copy(io.Discard, out)
	return p, nil
}

// stop ends the child by its PID and reaps it.
func (p *ceilingProcess) stop() {
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}
