package deploy

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, COPY...
	args string
}

// stage is one FROM and what follows it.
type stage struct {
	from, name string
	body       []instruction
}

// parseDockerfile reads the stages of a Dockerfile: enough of the syntax
// for these checks (comments, line continuations, FROM ... AS name).
func parseDockerfile(t *testing.T, path string) (args []instruction, stages []*stage) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(line)
		lines = append(lines, cur.String())
		cur.Reset()
	}
	for _, line := range lines {
		cmd, rest, _ := strings.Cut(line, " ")
		in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(rest)}
		switch {
		case in.cmd == "FROM":
			f := strings.Fields(in.args)
			st := &stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
		case len(stages) == 0:
			args = append(args, in)
		default:
			stages[len(stages)-1].body = append(stages[len(stages)-1].body, in)
		}
	}
	return args, stages
}

func (s *stage) all(cmd string) []string {
	var out []string
	for _, in := range s.body {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// TestDockerfile checks the image is built by scripts/build.sh (the build
// `make build` runs) and runs as a non-root user.
func TestDockerfile(t *testing.T) {
	globalArgs, stages := parseDockerfile(t, "Dockerfile")
	if len(stages) != 3 {
		t.Fatalf("stages: got %d, want 3 (ui, backend, the image)", len(stages))
	}
	byName := map[string]*stage{}
	for _, s := range stages {
		byName[s.name] = s
	}
	ui, backend, final := byName["ui"], byName["backend"], stages[len(stages)-1]
	if ui == nil || backend == nil {
		t.Fatalf("want stages named ui and backend, got %v", byName)
	}

	// The build commands are scripts/build.sh's, never written again here.
	wantRun := func(s *stage, what string) {
		t.Helper()
		runs := s.all("RUN")
		if !slices.ContainsFunc(runs, func(r string) bool { return strings.Contains(r, "bash scripts/build.sh "+what) }) {
			t.Errorf("stage %s: RUN %q, want `bash scripts/build.sh %s`", s.name, runs, what)
		}
	}
	wantRun(ui, "ui")
	wantRun(backend, "backend")
	for _, s := range stages {
		for _, r := range s.all("RUN") {
			for _, cmd := range []string{"go build", "npm run build", "npm ci"} {
				if strings.Contains(r, cmd) {
					t.Errorf("stage %s runs %q itself: build commands belong in scripts/build.sh", s.name, cmd)
				}
			}
		}
	}
	if !slices.ContainsFunc(backend.all("RUN"), func(r string) bool { return strings.Contains(r, "OUT=/out/cms") }) {
		t.Errorf("backend stage: the binary should be built to /out/cms")
	}

	// Go and Node versions: Go as go.work says.
	work, err := os.ReadFile("../go.work")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)`).FindSubmatch(work)
	if goVersion == nil || !slices.ContainsFunc(globalArgs, func(in instruction) bool { return in.args == "GO_VERSION="+string(goVersion[1]) }) {
		t.Errorf("ARG GO_VERSION: want %s, the workspace's go version", goVersion[1])
	}
	if !strings.HasPrefix(backend.from, "golang:${GO_VERSION}") || !strings.HasPrefix(ui.from, "node:") {
		t.Errorf("build stages FROM %q and %q, want golang:${GO_VERSION} and node", backend.from, ui.from)
	}

	// The image: distroless (or scratch), non-root, the binary and the UI.
	if !strings.HasPrefix(final.from, "gcr.io/distroless/static") && final.from != "scratch" {
		t.Errorf("final stage FROM %q, want distroless static or scratch", final.from)
	}
	users := final.all("USER")
	if len(users) == 0 || strings.HasPrefix(users[len(users)-1], "0") || strings.HasPrefix(users[len(users)-1], "root") {
		t.Errorf("final stage USER %v, want a non-root user", users)
	} else if !strings.HasSuffix(final.from, ":nonroot") && final.from != "scratch" {
		t.Errorf("final stage FROM %q: use the :nonroot variant, whose /etc/passwd has user 65532", final.from)
	}
	copies := final.all("COPY")
	for _, want := range []string{"--from=backend /out/cms /cms", "--from=ui /src/admin-ui/dist /admin-ui"} {
		if !slices.Contains(copies, want) {
			t.Errorf("final stage COPY %q: want %q", copies, want)
		}
	}
	if env := strings.Join(final.all("ENV"), " "); !strings.Contains(env, "CMS_ADMIN_UI_DIR=/admin-ui") {
		t.Errorf("final stage ENV %q: want CMS_ADMIN_UI_DIR=/admin-ui", env)
	}
	if exp := final.all("EXPOSE"); !slices.Equal(exp, []string{"8080"}) {
		t.Errorf("EXPOSE %v, want 8080", exp)
	}
	execForm := func(cmd string) []string {
		t.Helper()
		v := final.all(cmd)
		if len(v) != 1 {
			t.Fatalf("%s: got %v, want one in exec form", cmd, v)
		}
		var argv []string
		if err := json.Unmarshal([]byte(v[0]), &argv); err != nil {
			t.Fatalf("%s %s is not in exec (JSON) form: %v", cmd, v[0], err)
		}
		return argv
	}
	if got := execForm("ENTRYPOINT"); !slices.Equal(got, []string{"/cms"}) {
		t.Errorf("ENTRYPOINT %v, want [/cms]", got)
	}
	if got := execForm("CMD"); !slices.Equal(got, []string{"serve"}) {
		t.Errorf("CMD %v, want [serve]", got)
	}
	if len(final.all("HEALTHCHECK")) != 0 {
		t.Errorf("HEALTHCHECK in a distroless image cannot run (no shell, no curl)")
	}

	// Everything the build copies from the context passes the dockerignore
	// allowlist, and local secrets do not.
	ignore, err := os.ReadFile("Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, line := range strings.Split(string(ignore), "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "!"); ok {
			allowed[strings.TrimSuffix(p, "/")] = true
		}
	}
	if !strings.Contains(string(ignore), "\n*\n") || !strings.Contains(string(ignore), "admin-ui/node_modules/") || !strings.Contains(string(ignore), "**/.env") {
		t.Errorf("Dockerfile.dockerignore: want an allowlist (*), excluding admin-ui/node_modules and .env files")
	}
	for _, s := range stages {
		for _, c := range s.all("COPY") {
			if strings.HasPrefix(c, "--from=") {
				continue
			}
			f := strings.Fields(c)
			for _, src := range f[:len(f)-1] {
				src = strings.TrimSuffix(src, "/")
				ok := false
				for a := range allowed {
					ok = ok || src == a || strings.HasPrefix(src, a+"/")
				}
				if !ok {
					t.Errorf("stage %s copies %s, which Dockerfile.dockerignore leaves out of the context", s.name, src)
				}
			}
		}
	}
}

// TestBuildScript checks the one build script holds the release build and
// that `make build` runs it.
func TestBuildScript(t *testing.T) {
	script, err := os.ReadFile("../scripts/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version"`,
		"./backend/cmd/cms",
		"npm ci",
		"npm run build",
	} {
		if !strings.Contains(string(script), want) {
			t.Errorf("scripts/build.sh: no %q", want)
		}
	}
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	target := regexp.MustCompile(`(?m)^build:.*\n((?:\t.*\n)+)`).FindSubmatch(makefile)
	if target == nil || !strings.Contains(string(target[1]), "scripts/build.sh") {
		t.Errorf("Makefile: the build target does not run scripts/build.sh")
	}
	if out, err := exec.Command("bash", "-n", "../scripts/build.sh").CombinedOutput(); err != nil {
		t.Errorf("bash -n scripts/build.sh: %v\n%s", err, out)
	}
	cmd := exec.Command("bash", "../scripts/build.sh", "nonsense")
	if out, err := cmd.CombinedOutput(); cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 2 || !strings.Contains(string(out), "usage") {
		t.Errorf("scripts/build.sh nonsense: got %v %s, want exit 2 with the usage", err, out)
	}
}
