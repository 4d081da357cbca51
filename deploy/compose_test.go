package deploy

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// envExample reads the KEY=VALUE lines of .env.example, the template of
// deploy/.env.
func envExample(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(".env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var env []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") && strings.Contains(line, "=") {
			env = append(env, line)
		}
	}
	return env
}

// loadCompose loads compose.yaml as `docker compose -f deploy/compose.yaml`
// does (interpolation, merge keys, the Compose Specification's schema),
// with env instead of deploy/.env and the process environment.
func loadCompose(t *testing.T, env []string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"compose.yaml"},
		cli.WithWorkingDirectory("."), cli.WithEnv(env), cli.WithInterpolation(true), cli.WithConsistency(true))
	if err != nil {
		t.Fatal(err)
	}
	return opts.LoadProject(context.Background())
}

func TestComposeNeedsItsSecrets(t *testing.T) {
	env := slices.DeleteFunc(envExample(t), func(kv string) bool { return strings.HasPrefix(kv, "POSTGRES_PASSWORD=") })
	_, err := loadCompose(t, env)
	if err == nil || !strings.Contains(err.Error(), "POSTGRES_PASSWORD") {
		t.Errorf("compose.yaml without POSTGRES_PASSWORD: got %v, want an error naming it", err)
	}
}

func TestCompose(t *testing.T) {
	env := envExample(t)
	p, err := loadCompose(t, env)
	if err != nil {
		t.Fatalf("load compose.yaml with the variables of .env.example: %v", err)
	}
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	svc := func(name string) types.ServiceConfig {
		t.Helper()
		s, ok := p.Services[name]
		if !ok {
			t.Fatalf("no service %s in compose.yaml (services: %v)", name, p.ServiceNames())
		}
		return s
	}
	envOf := func(s types.ServiceConfig, key string) string {
		if v := s.Environment[key]; v != nil {
			return *v
		}
		return ""
	}
	wantDependsOn := func(s types.ServiceConfig, on, condition string) {
		t.Helper()
		if d, ok := s.DependsOn[on]; !ok || d.Condition != condition {
			t.Errorf("%s depends_on %s: got %+v, want condition %s", s.Name, on, d, condition)
		}
	}

	pg := svc("postgres")
	if !strings.HasPrefix(pg.Image, "postgres:15") || pg.HealthCheck == nil || len(pg.HealthCheck.Test) == 0 {
		t.Errorf("postgres: image %q healthcheck %+v, want PostgreSQL 15 with a healthcheck", pg.Image, pg.HealthCheck)
	}
	minio := svc("minio")
	if !strings.HasPrefix(minio.Image, "minio/minio") || minio.HealthCheck == nil {
		t.Errorf("minio: image %q healthcheck %+v, want MinIO with a healthcheck", minio.Image, minio.HealthCheck)
	}
	mcInit := svc("minio-init")
	if script := strings.Join(mcInit.Command, " "); !strings.Contains(script, "mc mb") || !strings.Contains(script, "$CMS_S3_BUCKET") {
		t.Errorf("minio-init: command %q, want it to make the bucket with mc mb", script)
	}
	wantDependsOn(mcInit, "minio", types.ServiceConditionHealthy)

	migrate := svc("migrate")
	if !slices.Equal(migrate.Command, types.ShellCommand{"migrate"}) {
		t.Errorf("migrate: command %v, want [migrate]", migrate.Command)
	}
	wantDependsOn(migrate, "postgres", types.ServiceConditionHealthy)
	if migrate.Restart != "no" {
		t.Errorf("migrate: restart %q, want no (a one-shot job)", migrate.Restart)
	}

	var replicas []string
	for _, name := range p.ServiceNames() {
		if strings.HasPrefix(name, "cms-") {
			replicas = append(replicas, name)
		}
	}
	if len(replicas) < 2 {
		t.Fatalf("backend replicas: got %v, want at least two cms-N services", replicas)
	}
	for _, name := range replicas {
		s := svc(name)
		if !slices.Equal(s.Command, types.ShellCommand{"serve"}) || s.Image != migrate.Image || s.Build == nil {
			t.Errorf("%s: command %v image %q, want serve from the image migrate uses (%q), built from deploy/Dockerfile", name, s.Command, s.Image, migrate.Image)
		}
		wantDependsOn(s, "migrate", types.ServiceConditionCompletedSuccessfully)
		wantDependsOn(s, "minio-init", types.ServiceConditionCompletedSuccessfully)
		wantDependsOn(s, "postgres", types.ServiceConditionHealthy)
		for key, want := range map[string]string{
			"CMS_DATABASE_URL":             "postgres://newsroom:" + vars["POSTGRES_PASSWORD"] + "@postgres:5432/newsroom?sslmode=disable",
			"CMS_AUTO_MIGRATE":             "false",
			"CMS_STORAGE":                  "s3",
			"CMS_S3_ENDPOINT":              "minio:9000",
			"CMS_S3_BUCKET":                vars["CMS_S3_BUCKET"],
			"CMS_S3_USE_TLS":               "false",
			"CMS_S3_PATH_STYLE":            "true",
			"CMS_S3_ACCESS_KEY":            vars["CMS_S3_ACCESS_KEY"],
			"CMS_S3_SECRET_KEY":            vars["CMS_S3_SECRET_KEY"],
			"CMS_ADMIN_UI_DIR":             "/admin-ui",
			"CMS_BOOTSTRAP_ADMIN_EMAIL":    vars["CMS_BOOTSTRAP_ADMIN_EMAIL"],
			"CMS_BOOTSTRAP_ADMIN_PASSWORD": vars["CMS_BOOTSTRAP_ADMIN_PASSWORD"],
		} {
			if got := envOf(s, key); got != want {
				t.Errorf("%s: %s=%q, want %q", name, key, got, want)
			}
		}
		if envOf(s, "CMS_DATABASE_URL") != envOf(migrate, "CMS_DATABASE_URL") {
			t.Errorf("%s and migrate use different databases", name)
		}
		if !s.ReadOnly || !slices.Equal(s.CapDrop, []string{"ALL"}) || s.User != "65532:65532" {
			t.Errorf("%s: read_only %v cap_drop %v user %q, want a read-only, capability-less, non-root container", name, s.ReadOnly, s.CapDrop, s.User)
		}
		if len(s.Ports) != 0 {
			t.Errorf("%s publishes %v; only the proxy is reachable from outside", name, s.Ports)
		}
	}

	proxy := svc("proxy")
	if !strings.HasPrefix(proxy.Image, "nginx:") {
		t.Errorf("proxy: image %q, want nginx", proxy.Image)
	}
	for _, name := range replicas {
		wantDependsOn(proxy, name, types.ServiceConditionStarted)
	}
	if !slices.ContainsFunc(proxy.Volumes, func(v types.ServiceVolumeConfig) bool {
		return filepath.Base(v.Source) == "nginx.conf" && v.Target == "/etc/nginx/nginx.conf" && v.ReadOnly
	}) {
		t.Errorf("proxy: volumes %+v, want deploy/nginx.conf mounted read-only at /etc/nginx/nginx.conf", proxy.Volumes)
	}
	// The proxy's fixed address is the one proxy the replicas believe.
	if n := proxy.Networks["internal"]; n == nil || n.Ipv4Address == "" || envOf(svc(replicas[0]), "CMS_TRUSTED_PROXIES") != n.Ipv4Address {
		t.Errorf("proxy address %+v is not the replicas' CMS_TRUSTED_PROXIES %q", n, envOf(svc(replicas[0]), "CMS_TRUSTED_PROXIES"))
	}

	// Every published port listens on loopback only.
	published := 0
	for _, s := range p.Services {
		for _, port := range s.Ports {
			published++
			if port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s:%s; bind examples to 127.0.0.1", s.Name, port.HostIP, port.Published)
			}
		}
	}
	if published == 0 {
		t.Errorf("no service publishes a port; the proxy should")
	}

	// nginx balances exactly the replicas compose runs.
	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	var upstream []string
	for _, m := range regexp.MustCompile(`(?m)^\s*server\s+([a-z0-9-]+):8080\b.*max_fails=\d+.*fail_timeout=\S+;`).FindAllSubmatch(conf, -1) {
		upstream = append(upstream, string(m[1]))
	}
	slices.Sort(upstream)
	if !slices.Equal(upstream, replicas) {
		t.Errorf("nginx.conf upstream servers (with passive health checks) %v, want the compose replicas %v", upstream, replicas)
	}
}

// TestNginxConfig has nginx itself check nginx.conf (`nginx -t`), with the
// replicas' compose host names replaced by loopback addresses, since they
// resolve only inside compose's network.
func TestNginxConfig(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			t.Fatal("nginx is not installed; scripts/test.sh installs it from apt (nginx-light)")
		}
	}
	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	local := regexp.MustCompile(`\bcms-\d+:8080\b`).ReplaceAll(conf, []byte("127.0.0.1:8080"))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), local, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-t", "-q", "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", "stderr").CombinedOutput()
	if err != nil {
		t.Errorf("nginx -t: %v\n%s", err, out)
	}
}
