package testsite

import (
	"errors"
	"os"
	"strings"
	"testing"
)

type fakeBrowser struct {
	profile  string
	closeErr error
	removes  bool
}

func (f fakeBrowser) ProfileDir() string { return f.profile }

func (f fakeBrowser) Close() error {
	if f.removes {
		os.RemoveAll(f.profile)
	}
	return f.closeErr
}

func TestCloseBrowser(t *testing.T) {
	tests := []struct {
		name  string
		b     func(dir string) fakeBrowser
		using func(string) []int
		want  []string // substrings, one per problem
	}{
		{"clean", func(d string) fakeBrowser { return fakeBrowser{profile: d, removes: true} }, nil, nil},
		{"profile left", func(d string) fakeBrowser { return fakeBrowser{profile: d} }, nil, []string{"profile"}},
		{"close error", func(d string) fakeBrowser {
			return fakeBrowser{profile: d, removes: true, closeErr: errors.New("boom")}
		}, nil, []string{"close: boom"}},
		{"process left", func(d string) fakeBrowser { return fakeBrowser{profile: d, removes: true} },
			func(string) []int { return []int{4242} }, []string{"4242"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := os.MkdirTemp(t.TempDir(), "profile")
			if err != nil {
				t.Fatal(err)
			}
			got := CloseBrowser(tt.b(dir), tt.using)
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %q does not mention %q", got[i], w)
				}
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	got := RulesFor("http://127.0.0.1:8080", "https://127.0.0.1:8443")
	if got != "MAP *:443 127.0.0.1:8443, MAP *:80 127.0.0.1:8080, MAP * ~NOTFOUND" {
		t.Errorf("RulesFor = %q", got)
	}
}
