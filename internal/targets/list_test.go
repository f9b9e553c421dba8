package targets

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadList(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string
		warnLine []int // line numbers of the warnings
		dups     int
	}{
		{
			name: "comments blanks and bare hosts",
			in:   "# my sites\n\nexample.com\n  https://www.example.org/shop  \n\t# indented comment\nhttp://plain.example/ # trailing comment\n",
			want: []string{"https://example.com/", "https://www.example.org/shop", "http://plain.example/"},
		},
		{
			name:     "bad lines reported with their numbers, rest goes on",
			in:       "example.com\nfile:///etc/passwd\njavascript:alert(1)\nnot a url\nexample.net\n",
			want:     []string{"https://example.com/", "https://example.net/"},
			warnLine: []int{2, 3, 4},
		},
		{
			name: "duplicates after normalisation keep the first",
			in:   "https://Example.com\nexample.com/\nexample.com#top\nb.example\nEXAMPLE.COM\n",
			want: []string{"https://example.com/", "https://b.example/"},
			dups: 3,
		},
		{
			name: "CRLF, BOM and no final newline",
			in:   "\ufeffa.example\r\nb.example\r\nc.example",
			want: []string{"https://a.example/", "https://b.example/", "https://c.example/"},
		},
		{
			name:     "over-long line skipped",
			in:       "a.example\n" + strings.Repeat("x", maxLineBytes+10) + "\nb.example\n",
			want:     []string{"https://a.example/", "https://b.example/"},
			warnLine: []int{2},
		},
		{
			name: "IDN host to punycode",
			in:   "bücher.example\n",
			want: []string{"https://xn--bcher-kva.example/"},
		},
		{name: "empty", in: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Set
			if err := ReadList(&s, "sites.txt", strings.NewReader(tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.URLs(), tt.want) {
				t.Errorf("URLs = %q, want %q", s.URLs(), tt.want)
			}
			var lines []int
			for _, w := range s.Warnings() {
				lines = append(lines, w.Line)
				if !strings.HasPrefix(w.String(), "sites.txt:") {
					t.Errorf("warning %q does not name the file", w)
				}
			}
			if !reflect.DeepEqual(lines, tt.warnLine) {
				t.Errorf("warning lines = %v, want %v (%v)", lines, tt.warnLine, s.Warnings())
			}
			if s.Duplicates() != tt.dups {
				t.Errorf("Duplicates = %d, want %d", s.Duplicates(), tt.dups)
			}
		})
	}
}

func TestLoadSources(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "sites.txt")
	if err := os.WriteFile(list, []byte("b.example\na.example\nbad site\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		opts    Options
		want    []string
		warns   int
		wantErr string
	}{
		{name: "args then file, duplicates across sources", opts: Options{Args: []string{"a.example", "c.example"}, Input: list},
			want: []string{"https://a.example/", "https://c.example/", "https://b.example/"}, warns: 1},
		{name: "stdin", opts: Options{Input: "-", Stdin: strings.NewReader("x.example\n# c\ny.example\n")},
			want: []string{"https://x.example/", "https://y.example/"}},
		{name: "limit", opts: Options{Args: []string{"a.example", "b.example", "c.example"}, Limit: 2},
			want: []string{"https://a.example/", "https://b.example/"}},
		{name: "missing file", opts: Options{Input: filepath.Join(dir, "nope.txt")}, wantErr: "nope.txt"},
		{name: "folder as file", opts: Options{Input: dir}, wantErr: "is a folder"},
		{name: "nothing", opts: Options{Args: []string{"javascript:x"}}, wantErr: "no sites to scan", warns: 1},
		{name: "bad shard", opts: Options{Args: []string{"a.example"}, Shard: "0/4"}, wantErr: "1-based"},
		{name: "negative limit", opts: Options{Args: []string{"a.example"}, Limit: -1}, wantErr: "--limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(context.Background(), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				if strings.Contains(tt.wantErr, "no sites") && !errors.Is(err, ErrNoTargets) {
					t.Errorf("err %v does not wrap ErrNoTargets", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.URLs, tt.want) {
				t.Errorf("URLs = %q, want %q", got.URLs, tt.want)
			}
			if len(got.Warnings) != tt.warns {
				t.Errorf("warnings = %v, want %d", got.Warnings, tt.warns)
			}
		})
	}
}
