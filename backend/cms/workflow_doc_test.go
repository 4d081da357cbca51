package cms_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/cms"
)

var update = flag.Bool("update", false, "rewrite docs/workflow.md from the workflow table")

// workflowDoc renders the workflow table for docs/workflow.md.
func workflowDoc() string {
	var b strings.Builder
	b.WriteString("# Editorial workflow\n\n")
	b.WriteString("Generated from `cms.Workflow` (`backend/cms/workflow.go`) by `go test ./cms -update`; a test fails when they differ.\n\n")
	b.WriteString("An article has a working copy, which moves through these statuses, and at most one live version, which readers see. ")
	b.WriteString("`live` says whether a live version exists. Who may take each action is the policy's business: see `permissions.md`. ")
	b.WriteString("Any other move is refused with 409 and the actions that are allowed (`error.details.allowed_actions`).\n\n")
	b.WriteString("| from | action | to | note |\n|---|---|---|---|\n")
	for _, t := range cms.Workflow {
		note := ""
		switch {
		case t.LiveOnly:
			note = "only while live; readers no longer see the article"
		case t.Action == cms.ActionEdit && t.From == cms.StatusPublished:
			note = "a save; readers keep the live version until an editor publishes again"
		case t.Action == cms.ActionEdit:
			note = "a save (a new revision)"
		case t.Action == cms.ActionPublishDue:
			note = "the scheduler, at publish_at, exactly once across replicas"
		case t.To == cms.StatusPublished:
			note = "the working copy becomes the live version"
		case t.To == cms.StatusArchived:
			note = "takes the article off the site if it was live"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.From, t.Action, t.To, note)
	}
	b.WriteString("\nWriters cannot save an article while it is in review or scheduled (409); nobody saves an archived one. ")
	b.WriteString("Only drafts that are not live can be deleted. Every transition is recorded in `GET /articles/{id}/history`; ")
	b.WriteString("every save is a revision (`GET /articles/{id}/revisions`).\n")
	b.WriteString("\nSettings are not content: a save of a live article that changes only whether comments are open ")
	b.WriteString("or who writes its live entries leaves it published, without unpublished changes, and opening or ")
	b.WriteString("closing comments reaches readers with the save (also beside other, still unpublished, edits).\n")
	return b.String()
}

func TestWorkflowDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "workflow.md")
	got := workflowDoc()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./cms -update)", path, err)
	}
	if string(file) != got {
		t.Errorf("%s differs from cms.Workflow; run `go test ./cms -update` and commit it", path)
	}
}
