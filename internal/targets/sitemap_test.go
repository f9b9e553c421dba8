package targets

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func urlset(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		fmt.Fprintf(&b, "  <url><loc>%s</loc><lastmod>2026-01-01</lastmod></url>\n", l)
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

func index(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		fmt.Fprintf(&b, "  <sitemap><loc>%s</loc></sitemap>\n", l)
	}
	b.WriteString("</sitemapindex>\n")
	return b.String()
}

func gz(s string) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.String()
}

// sitemapServer serves the given paths on loopback; {{base}} in a body is
// replaced by the server's URL.
func sitemapServer(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(strings.ReplaceAll(body, "{{base}}", srv.URL)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReadSitemap(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		opts    SitemapOptions
		want    []string
		warns   []string // substrings, one per warning, in order
		wantErr string
	}{
		{
			name:  "plain urlset with a bad entry and a duplicate",
			files: map[string]string{"/sitemap.xml": urlset("https://a.example/", "javascript:alert(1)", "https://b.example/x", "https://A.example")},
			want:  []string{"https://a.example/", "https://b.example/x"},
			warns: []string{"unsupported scheme"},
		},
		{
			name: "nested indexes in document order, gzip child, loop ignored",
			files: map[string]string{
				"/sitemap.xml":      index("{{base}}/one.xml", "{{base}}/nested.xml", "{{base}}/sitemap.xml"),
				"/one.xml":          urlset("https://a.example/1", "https://a.example/2"),
				"/nested.xml":       index("{{base}}/deep.xml.gz"),
				"/deep.xml.gz":      gz(urlset("https://a.example/3")),
				"/unused-sitemap.x": "",
			},
			want: []string{"https://a.example/1", "https://a.example/2", "https://a.example/3"},
		},
		{
			name:  "gzip root",
			files: map[string]string{"/sitemap.xml": gz(urlset("https://z.example/"))},
			want:  []string{"https://z.example/"},
		},
		{
			name:  "broken XML keeps what came before and says where",
			files: map[string]string{"/sitemap.xml": urlset("https://a.example/") + "<url><loc>https://b.example/</loc></url></urlset><oops"},
			want:  []string{"https://a.example/", "https://b.example/"},
			warns: []string{"broken sitemap"},
		},
		{
			name:  "truncated XML",
			files: map[string]string{"/sitemap.xml": strings.TrimSuffix(urlset("https://a.example/", "https://b.example/"), "</urlset>\n")},
			want:  []string{"https://a.example/", "https://b.example/"},
			warns: []string{"broken sitemap"},
		},
		{
			name: "a missing or broken child is a warning, the rest goes on",
			files: map[string]string{
				"/sitemap.xml": index("{{base}}/gone.xml", "{{base}}/bad.gz", "{{base}}/ok.xml"),
				"/bad.gz":      "\x1f\x8bnot really gzip",
				"/ok.xml":      urlset("https://ok.example/"),
			},
			want:  []string{"https://ok.example/"},
			warns: []string{"404", "gzip"},
		},
		{
			name:  "not a sitemap",
			files: map[string]string{"/sitemap.xml": "<html><body>hi</body></html>"},
			warns: []string{"not a sitemap"},
		},
		{
			name:  "text sitemap",
			files: map[string]string{"/sitemap.xml": "https://t.example/a\nhttps://t.example/b\n"},
			want:  []string{"https://t.example/a", "https://t.example/b"},
		},
		{
			name:  "limit stops the walk",
			files: map[string]string{"/sitemap.xml": index("{{base}}/1.xml", "{{base}}/2.xml"), "/1.xml": urlset("https://a.example/1", "https://a.example/2"), "/2.xml": urlset("https://a.example/3")},
			opts:  SitemapOptions{Limit: 2},
			want:  []string{"https://a.example/1", "https://a.example/2"},
		},
		{
			name:  "size cap",
			files: map[string]string{"/sitemap.xml": urlset("https://a.example/", "https://b.example/", "https://c.example/")},
			opts:  SitemapOptions{MaxBytes: 200},
			want:  []string{"https://a.example/"},
			warns: []string{"larger than 200 bytes"},
		},
		{
			name:  "depth cap",
			files: map[string]string{"/sitemap.xml": index("{{base}}/a.xml"), "/a.xml": index("{{base}}/b.xml"), "/b.xml": urlset("https://deep.example/")},
			opts:  SitemapOptions{MaxDepth: 1},
			warns: []string{"nested deeper than 1"},
		},
		{
			name:    "root missing is an error",
			files:   map[string]string{},
			wantErr: "404",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sitemapServer(t, tt.files)
			var s Set
			err := ReadSitemap(context.Background(), &s, srv.URL+"/sitemap.xml", tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.URLs(), tt.want) {
				t.Errorf("URLs = %q, want %q", s.URLs(), tt.want)
			}
			if len(s.Warnings()) != len(tt.warns) {
				t.Fatalf("warnings = %v, want %d like %q", s.Warnings(), len(tt.warns), tt.warns)
			}
			for i, w := range s.Warnings() {
				if !strings.Contains(w.String(), tt.warns[i]) {
					t.Errorf("warning %d = %q, want it to mention %q", i, w, tt.warns[i])
				}
			}
		})
	}
}

func TestSitemapURL(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"example.com", "https://example.com/sitemap.xml", ""},
		{"https://example.com/", "https://example.com/sitemap.xml", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/sitemap.xml", ""},
		{"https://example.com/sitemap_index.xml.gz", "https://example.com/sitemap_index.xml.gz", ""},
		{"file:///etc/passwd", "", "--sitemap"},
	}
	for _, tt := range tests {
		got, err := SitemapURL(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("SitemapURL(%q) err = %v", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("SitemapURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestLoadSitemapWithShard(t *testing.T) {
	var locs []string
	for i := range 40 {
		locs = append(locs, fmt.Sprintf("https://s%d.example/", i))
	}
	srv := sitemapServer(t, map[string]string{"/sitemap.xml": urlset(locs...)})
	total := 0
	for i := 1; i <= 3; i++ {
		got, err := Load(context.Background(), Options{Sitemap: srv.URL, Shard: fmt.Sprintf("%d/3", i)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != 40 {
			t.Errorf("Total = %d, want 40", got.Total)
		}
		total += len(got.URLs)
	}
	if total != 40 {
		t.Errorf("the 3 shards hold %d URLs, want 40", total)
	}
}
