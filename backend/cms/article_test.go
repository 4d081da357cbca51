package cms_test

import (
	"slices"
	"testing"

	"newsroom/cms"
)

func TestArticleReaderKeys(t *testing.T) {
	section := "s1"
	tests := []struct {
		name string
		art  cms.Article
		want []string
	}{
		{"bare", cms.Article{ID: "a1"}, []string{"article:a1"}},
		{"filed", cms.Article{ID: "a1", SectionID: &section, StoryIDs: []string{"st1", "st2"}, TagIDs: []string{"t1"},
			AuthorIDs: []string{"au1"}, RelatedIDs: []string{"a2"}},
			[]string{"article:a1", "section:s1", "story:st1", "story:st2", "tag:t1", "author:au1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.art.ReaderKeys(); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSameExceptSettings(t *testing.T) {
	section := "s1"
	base := cms.Content{Headline: "عنوان", Body: []cms.Block{{Type: "paragraph", Text: "نص"}}, TagIDs: []string{"t1"}, SectionID: &section, CommentsOpen: true}
	for _, c := range []struct {
		name   string
		change func(*cms.Content)
		same   bool
	}{
		{"nothing", func(*cms.Content) {}, true},
		{"comments closed", func(c *cms.Content) { c.CommentsOpen = false }, true},
		{"live writers", func(c *cms.Content) { c.LiveWriterIDs = []string{"u1"} }, true},
		{"empty lists for missing ones", func(c *cms.Content) { c.StoryIDs, c.RelatedIDs = []string{}, []string{} }, true},
		{"headline", func(c *cms.Content) { c.Headline = "آخر" }, false},
		{"body text", func(c *cms.Content) { c.Body = []cms.Block{{Type: "paragraph", Text: "نص آخر"}} }, false},
		{"tags", func(c *cms.Content) { c.TagIDs = []string{"t2"} }, false},
		{"section", func(c *cms.Content) { c.SectionID = nil }, false},
		{"comments closed and summary", func(c *cms.Content) { c.CommentsOpen, c.Summary = false, "ملخص" }, false},
	} {
		d := base
		d.TagIDs = slices.Clone(base.TagIDs)
		c.change(&d)
		if got := base.SameExceptSettings(d); got != c.same {
			t.Errorf("%s: SameExceptSettings = %v, want %v", c.name, got, c.same)
		}
	}
}
