package deploy

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dbStatsMetrics are the go_sql_* metrics of client_golang's
// collectors.NewDBStatsCollector, which the backend registers (its server
// tests scrape them).
var dbStatsMetrics = []string{"go_sql_max_open_connections", "go_sql_open_connections", "go_sql_in_use_connections",
	"go_sql_idle_connections", "go_sql_wait_count_total", "go_sql_wait_duration_seconds_total",
	"go_sql_max_idle_closed_total", "go_sql_max_idle_time_closed_total", "go_sql_max_lifetime_closed_total"}

// TestAlertRulesNameRealMetrics checks every metric the alert rules use is
// one the backend exports: a renamed metric must not leave an alert that
// silently never fires.
func TestAlertRulesNameRealMetrics(t *testing.T) {
	rules, err := os.ReadFile("prometheus/alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var source strings.Builder
	err = filepath.WalkDir("../backend", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		source.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`\b(cms_[a-z_]+|go_sql_[a-z_]+)`).FindAllString(string(rules), -1)
	if len(used) == 0 {
		t.Fatal("alerts.yaml uses no cms_ metric")
	}
	for _, name := range used {
		base := regexp.MustCompile(`_(bucket|sum|count)$`).ReplaceAllString(name, "")
		switch {
		case strings.HasPrefix(name, "go_sql_"):
			if !slices.Contains(dbStatsMetrics, name) {
				t.Errorf("alerts.yaml uses %s, which the database pool collector does not export", name)
			}
		case !strings.Contains(source.String(), `"`+base+`"`):
			t.Errorf("alerts.yaml uses %s, which no backend source file names", name)
		}
	}
}

// TestPromtool has Prometheus's own tool check the configuration and the
// alert rules, and run the rules' unit tests (prometheus/alerts_test.yaml:
// synthetic series, alerts expected to fire or stay quiet).
func TestPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Fatal("promtool is not installed; scripts/test.sh installs it from apt (package prometheus)")
	}
	for _, args := range [][]string{
		{"check", "config", "prometheus.yml"},
		{"check", "rules", "alerts.yaml"},
		{"test", "rules", "alerts_test.yaml"},
	} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = "prometheus"
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
