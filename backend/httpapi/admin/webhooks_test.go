package admin_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestWebhookAdmin covers the webhook routes: admins only, validation,
// the secret shown once, If-Match, rotation, the test delivery, deletion
// and the audit log.
func TestWebhookAdmin(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		admin := newClient(t, app, "admin")
		body := map[string]any{"url": "https://hooks.example.com/cms", "events": []string{"article.updated", "article.published", "article.published"},
			"description": "The web site's cache"}

		// Nobody but admins, on every route.
		for _, roles := range [][]string{{"writer"}, {"editor"}, {"moderator"}, {"writer", "editor", "moderator"}} {
			other := newClient(t, app, roles...)
			wantError(t, other.Do("POST", "/webhooks", body), http.StatusForbidden, "forbidden")
			wantError(t, other.Do("GET", "/webhooks", nil), http.StatusForbidden, "forbidden")
		}

		hook := admin.Must(http.StatusCreated, "POST", "/webhooks", body)
		id := hook["id"].(string)
		secret, _ := hook["secret"].(string)
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(secret) {
			t.Fatalf("secret on create: got %q, want 64 hex characters", secret)
		}
		if hook["url"] != body["url"] || hook["active"] != true || hook["description"] != "The web site's cache" || hook["version"] != 1.0 ||
			strings.Join(toStrings(hook["events"]), ",") != "article.published,article.updated" || hook["created_by"] != admin.ID {
			t.Errorf("created: got %v", hook)
		}
		res := admin.Do("GET", "/webhooks/"+id, nil)
		got := res.JSON(t)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"1"` || got["secret"] != secret[:6]+"…" {
			t.Errorf("GET: got %d %v, want the secret masked", res.Status, got)
		}
		list := admin.Must(http.StatusOK, "GET", "/webhooks", nil)
		if data := list["data"].([]any); len(data) != 1 || strings.Contains(string(admin.Do("GET", "/webhooks", nil).Body), secret) {
			t.Errorf("list: got %v, want one webhook without its secret", list)
		}

		// Bad input: 422 naming the field, nothing stored.
		for _, bad := range []map[string]any{
			{"url": "ftp://hooks.example.com/x", "events": []string{"article.published"}},
			{"url": "/relative/path", "events": []string{"article.published"}},
			{"url": "javascript:alert(1)", "events": []string{"article.published"}},
			{"url": "https://", "events": []string{"article.published"}},
			{"url": "https://exa mple.com/", "events": []string{"article.published"}},
			{"url": "https://example.com/" + strings.Repeat("a", 2100), "events": []string{"article.published"}},
			{"events": []string{"article.published"}},
			{"url": "https://hooks.example.com/cms"},
			{"url": "https://hooks.example.com/cms", "events": []string{}},
			{"url": "https://hooks.example.com/cms", "events": []string{"article.deleted"}},
			{"url": "https://hooks.example.com/cms", "events": []string{"*"}},
			{"url": "https://hooks.example.com/cms", "events": []string{"article.published"}, "description": strings.Repeat("d", 501)},
		} {
			wantError(t, admin.Do("POST", "/webhooks", bad), http.StatusUnprocessableEntity, "invalid")
		}
		if list := admin.Must(http.StatusOK, "GET", "/webhooks", nil); len(list["data"].([]any)) != 1 {
			t.Errorf("bad input stored a webhook: %v", list)
		}

		// PATCH needs the current version.
		wantError(t, admin.Do("PATCH", "/webhooks/"+id, map[string]any{"active": false}), http.StatusPreconditionRequired, "precondition_required")
		upd := admin.Must(http.StatusOK, "PATCH", "/webhooks/"+id, map[string]any{"url": "http://127.0.0.1:9/hook", "events": []string{"story.updated"}}, `"1"`)
		if upd["version"] != 2.0 || upd["url"] != "http://127.0.0.1:9/hook" || upd["secret"] != secret[:6]+"…" || upd["active"] != true {
			t.Errorf("patched: got %v", upd)
		}
		wantError(t, admin.Do("PATCH", "/webhooks/"+id, map[string]any{"active": false}, `"1"`), http.StatusPreconditionFailed, "precondition_failed")
		wantError(t, admin.Do("PATCH", "/webhooks/"+id, map[string]any{"url": "mailto:x@example.com"}, `"2"`), http.StatusUnprocessableEntity, "invalid")

		// Rotation: a new secret, shown this once.
		rot := admin.Must(http.StatusOK, "POST", "/webhooks/"+id+"/rotate-secret", nil)
		newSecret, _ := rot["secret"].(string)
		if len(newSecret) != 64 || newSecret == secret || rot["version"] != 3.0 {
			t.Errorf("rotated: got %v", rot)
		}
		wantError(t, admin.Do("POST", "/webhooks/"+id+"/rotate-secret", nil, `"2"`), http.StatusPreconditionFailed, "precondition_failed")
		if g := admin.Must(http.StatusOK, "GET", "/webhooks/"+id, nil); g["secret"] != newSecret[:6]+"…" {
			t.Errorf("after rotation: got secret %v", g["secret"])
		}

		// A test delivery is queued and listed.
		d := admin.Must(http.StatusAccepted, "POST", "/webhooks/"+id+"/test", nil)
		if d["status"] != "pending" || d["event"] != "webhook.test" || d["attempts"] != 0.0 || d["next_attempt_at"] == nil {
			t.Errorf("test delivery: got %v", d)
		}
		ds := admin.Must(http.StatusOK, "GET", "/webhooks/"+id+"/deliveries?status=pending", nil)["data"].([]any)
		if len(ds) != 1 || ds[0].(map[string]any)["id"] != d["id"] {
			t.Errorf("deliveries: got %v", ds)
		}
		if ds := admin.Must(http.StatusOK, "GET", "/webhooks/"+id+"/deliveries?status=delivered", nil)["data"].([]any); len(ds) != 0 {
			t.Errorf("delivered deliveries: got %v, want none", ds)
		}
		wantError(t, admin.Do("GET", "/webhooks/"+id+"/deliveries?status=lost", nil), http.StatusUnprocessableEntity, "invalid")
		// Paging, newest first.
		second := admin.Must(http.StatusAccepted, "POST", "/webhooks/"+id+"/test", nil)
		page := admin.Must(http.StatusOK, "GET", "/webhooks/"+id+"/deliveries?limit=1", nil)
		first := page["data"].([]any)
		cursor, _ := page["next_cursor"].(string)
		if len(first) != 1 || first[0].(map[string]any)["id"] != second["id"] || cursor == "" {
			t.Fatalf("page 1: got %v", page)
		}
		page = admin.Must(http.StatusOK, "GET", "/webhooks/"+id+"/deliveries?limit=1&cursor="+cursor, nil)
		if rest := page["data"].([]any); len(rest) != 1 || rest[0].(map[string]any)["id"] != d["id"] || page["next_cursor"] != nil {
			t.Errorf("page 2: got %v", page)
		}

		// Deletion takes the deliveries along.
		admin.Must(http.StatusNoContent, "DELETE", "/webhooks/"+id, nil)
		wantError(t, admin.Do("GET", "/webhooks/"+id, nil), http.StatusNotFound, "not_found")
		wantError(t, admin.Do("GET", "/webhooks/"+id+"/deliveries", nil), http.StatusNotFound, "not_found")
		wantError(t, admin.Do("POST", "/webhooks/"+id+"/test", nil), http.StatusNotFound, "not_found")
		wantError(t, admin.Do("DELETE", "/webhooks/"+id, nil), http.StatusNotFound, "not_found")
		var left int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM webhook_deliveries").Scan(&left); err != nil || left != 0 {
			t.Errorf("deliveries after deleting the webhook: %d, %v", left, err)
		}

		// Every write is audited, and no secret is in the log.
		audit := admin.Do("GET", "/audit?entity_type=webhook&limit=100", nil)
		for _, action := range []string{"webhook.create", "webhook.update", "webhook.rotate_secret", "webhook.test", "webhook.delete"} {
			if !strings.Contains(string(audit.Body), `"`+action+`"`) {
				t.Errorf("audit log: no %s in %s", action, audit.Body)
			}
		}
		if strings.Contains(string(audit.Body), secret) || strings.Contains(string(audit.Body), newSecret) {
			t.Error("the audit log holds a webhook secret")
		}
	})
}

// TestAPIKeyAdmin covers the API key routes: admins only, the key shown
// once and stored only as a hash, revocation, the audit log.
func TestAPIKeyAdmin(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		admin := newClient(t, app, "admin")
		for _, roles := range [][]string{{"writer"}, {"editor"}, {"moderator"}} {
			other := newClient(t, app, roles...)
			wantError(t, other.Do("POST", "/api-keys", map[string]any{"name": "Site"}), http.StatusForbidden, "forbidden")
			wantError(t, other.Do("GET", "/api-keys", nil), http.StatusForbidden, "forbidden")
		}
		wantError(t, admin.Do("POST", "/api-keys", map[string]any{"name": "  "}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, admin.Do("POST", "/api-keys", map[string]any{"name": strings.Repeat("n", 201)}), http.StatusUnprocessableEntity, "invalid")

		k := admin.Must(http.StatusCreated, "POST", "/api-keys", map[string]any{"name": "Mobile app"})
		key, _ := k["key"].(string)
		if !regexp.MustCompile(`^nrk_[A-Za-z0-9_-]{43}$`).MatchString(key) || k["prefix"] != key[:12] || k["name"] != "Mobile app" ||
			k["created_by"] != admin.ID || k["revoked_at"] != nil || k["last_used_at"] != nil {
			t.Fatalf("created: got %v", k)
		}
		list := admin.Do("GET", "/api-keys", nil)
		if list.Status != http.StatusOK || strings.Contains(string(list.Body), key) || !strings.Contains(string(list.Body), key[:12]) {
			t.Errorf("list: got %d %s, want the prefix and not the key", list.Status, list.Body)
		}

		// Only the hash is stored.
		sum := sha256.Sum256([]byte(key))
		var stored, prefix string
		if err := db.SQL().QueryRow("SELECT key_hash, prefix FROM api_keys").Scan(&stored, &prefix); err != nil {
			t.Fatal(err)
		}
		if stored != hex.EncodeToString(sum[:]) || prefix != key[:12] {
			t.Errorf("stored: hash %q prefix %q, want the SHA-256 of the key and its first 12 characters", stored, prefix)
		}

		admin.Must(http.StatusNoContent, "DELETE", "/api-keys/"+k["id"].(string), nil)
		admin.Must(http.StatusNoContent, "DELETE", "/api-keys/"+k["id"].(string), nil) // again: still revoked
		wantError(t, admin.Do("DELETE", "/api-keys/no-such-key", nil), http.StatusNotFound, "not_found")
		keys := admin.Must(http.StatusOK, "GET", "/api-keys", nil)["data"].([]any)
		if len(keys) != 1 || keys[0].(map[string]any)["revoked_at"] == nil {
			t.Errorf("after revoking: got %v", keys)
		}
		audit := admin.Do("GET", "/audit?entity_type=api_key&limit=100", nil)
		if strings.Count(string(audit.Body), `"api_key.revoke"`) != 1 || !strings.Contains(string(audit.Body), `"api_key.create"`) ||
			strings.Contains(string(audit.Body), key) {
			t.Errorf("audit log: got %s, want one create and one revoke, without the key", audit.Body)
		}
	})
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}
