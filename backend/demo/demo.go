// Package demo loads a demo newsroom, in Arabic and English, for `cms seed`
// and `make run`: sections, tags, author profiles and one user per role.
// It goes through the services like any other client, so the policy and
// validation apply, and it can run again without duplicating anything.
package demo

import (
	"context"
	"fmt"
	"io"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/store"
)

// Users are the demo accounts, one per role, all with the same password.
// Names are people's names only: live entries show their writer's name to
// readers, so a role in it would be published. The address says the role.
var Users = []struct{ Email, Name, Role string }{
	{"writer@newsroom.example", "سارة الخطيب", "writer"},
	{"editor@newsroom.example", "كريم منصور", "editor"},
	{"moderator@newsroom.example", "هبة ناصر", "moderator"},
	{"admin@newsroom.example", "يوسف العلي", "admin"},
}

var sections = []struct{ Name, Slug, Parent string }{
	{"العالم", "world", ""},
	{"العالم العربي", "arab-world", ""},
	{"سوريا", "syria", "arab-world"},
	{"فلسطين", "palestine", "arab-world"},
	{"اقتصاد", "economy", ""},
	{"رياضة", "sport", ""},
	{"فيديو", "videos", ""},
	{"English", "english", ""},
}

var tags = []string{"مفاوضات أستانا", "وقف إطلاق النار", "الأمم المتحدة", "روسيا", "تركيا", "إيران", "Ceasefire", "Diplomacy"}

var authors = []struct{ Name, Slug, Bio string }{
	{"فريق التحرير", "newsroom", "فريق تحرير الموقع"},
	{"وكالات", "agencies", "أخبار الوكالات العالمية"},
	{"Reuters", "reuters", "International news agency"},
}

// Seed loads the demo newsroom, writing one progress line per object to out.
// Users get password; objects that already exist are left as they are.
func Seed(ctx context.Context, acc *accounts.Service, ed *editorial.Service, password string, out io.Writer) error {
	op := accounts.OperatorActor()
	fmt.Fprintln(out, "seeding the demo newsroom")
	for _, u := range Users {
		_, err := acc.CreateUser(ctx, op, accounts.NewUser{Email: u.Email, Name: u.Name, Password: password, Roles: []string{u.Role}})
		if err := report(out, "user", u.Email, err); err != nil {
			return err
		}
	}
	ids := map[string]string{}
	existing, err := ed.ListSections(ctx, op, store.ListFilter{Limit: 100})
	if err != nil {
		return err
	}
	for _, s := range existing.Data {
		ids[s.Slug] = s.ID
	}
	for i, s := range sections {
		in := editorial.SectionInput{Name: &s.Name, Slug: &s.Slug}
		pos := i * 10
		in.Position = &pos
		if s.Parent != "" {
			in.ParentID = cms.Optional[string]{Set: true, Value: ids[s.Parent]}
		}
		sec, err := ed.CreateSection(ctx, op, in)
		if err == nil {
			ids[s.Slug] = sec.ID
		}
		if err := report(out, "section", s.Slug, err); err != nil {
			return err
		}
	}
	for _, name := range tags {
		n := name
		_, err := ed.CreateTag(ctx, op, editorial.TagInput{Name: &n})
		if err := report(out, "tag", name, err); err != nil {
			return err
		}
	}
	for _, a := range authors {
		a := a
		_, err := ed.CreateAuthor(ctx, op, editorial.AuthorInput{Name: &a.Name, Slug: &a.Slug, Bio: &a.Bio})
		if err := report(out, "author", a.Slug, err); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "demo newsroom ready")
	return nil
}

// report prints the outcome of one object; an object that already exists is
// not an error, so seeding can run again.
func report(out io.Writer, kind, name string, err error) error {
	switch {
	case err == nil:
		fmt.Fprintf(out, "  created %s %s\n", kind, name)
	case cms.ErrorCode(err) == cms.EConflict:
		fmt.Fprintf(out, "  exists  %s %s\n", kind, name)
	default:
		return fmt.Errorf("seed %s %s: %w", kind, name, err)
	}
	return nil
}
