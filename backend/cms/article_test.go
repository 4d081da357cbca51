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
