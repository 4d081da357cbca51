// Package newsroom_test holds the architecture test: the import rules of
// house-style.md (item 18 and the layout's arrows) checked with `go list`.
package newsroom_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// featurePackages are the use-case packages between httpapi and the stores.
// One may import another only where allowedFeatureImports says so.
var featurePackages = []string{
	"newsroom/accounts",
	"newsroom/editorial",
	"newsroom/media",
	"newsroom/moderation",
	"newsroom/scheduler",
	"newsroom/webhook",
}

// allowedFeatureImports lists the sideways imports the layout names: the
// scheduler publishes due articles through editorial.
var allowedFeatureImports = map[string][]string{
	"newsroom/scheduler": {"newsroom/editorial"},
}

// goPackage is the part of `go list -json` the rules read.
type goPackage struct {
	ImportPath string
	Standard   bool
	Deps       []string
}

// listPackages runs `go list -deps -json ./...` in the module and returns
// every package of the module and its dependencies by import path.
func listPackages(t *testing.T) map[string]goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json", "./...")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]goPackage{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

// deps returns the dependencies of the package path, failing the test when
// go list did not report the package (renamed or removed: update the rules).
func deps(t *testing.T, pkgs map[string]goPackage, path string) []string {
	t.Helper()
	p, ok := pkgs[path]
	if !ok {
		t.Fatalf("package %s not found by go list; update the architecture rules", path)
	}
	return p.Deps
}

func TestArchitecture(t *testing.T) {
	pkgs := listPackages(t)

	t.Run("cms imports only the standard library", func(t *testing.T) {
		for _, dep := range deps(t, pkgs, "newsroom/cms") {
			if !pkgs[dep].Standard {
				t.Errorf("newsroom/cms depends on %s, which is not in the standard library", dep)
			}
		}
	})

	t.Run("store and blob do not import httpapi", func(t *testing.T) {
		for path := range pkgs {
			if path != "newsroom/store" && !strings.HasPrefix(path, "newsroom/store/") &&
				path != "newsroom/blob" && !strings.HasPrefix(path, "newsroom/blob/") {
				continue
			}
			for _, dep := range deps(t, pkgs, path) {
				if dep == "newsroom/httpapi" || strings.HasPrefix(dep, "newsroom/httpapi/") {
					t.Errorf("%s depends on %s", path, dep)
				}
			}
		}
	})

	t.Run("feature packages do not import each other", func(t *testing.T) {
		for _, path := range featurePackages {
			for _, dep := range deps(t, pkgs, path) {
				if slices.Contains(featurePackages, dep) && !slices.Contains(allowedFeatureImports[path], dep) {
					t.Errorf("%s depends on %s; feature packages do not import each other", path, dep)
				}
			}
		}
	})
}
