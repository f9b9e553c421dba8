package policy

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/privacy", http.StatusMovedPermanently)
		case "/privacy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<html><body><h1>Privacy</h1><p>We do not use cookies.</p></body></html>"))
		case "/big":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte(strings.Repeat("a", 2048)))
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4"))
		case "/img":
			w.Header().Set("Content-Type", "image/png")
		case "/slow":
			time.Sleep(2 * time.Second)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	src, err := Fetch(context.Background(), srv.URL+"/old", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if src.URL != srv.URL+"/privacy" || !strings.HasPrefix(src.ContentType, "text/html") {
		t.Errorf("source %+v", src)
	}
	p, err := Read(context.Background(), src)
	if err != nil || len(p.Claims) == 0 || p.Claims[0].Kind != "no-cookies" || p.URL != srv.URL+"/privacy" {
		t.Errorf("read fetched policy: %+v, %v", p, err)
	}

	tests := []struct {
		path string
		opts FetchOptions
		want string
	}{
		{"/missing", FetchOptions{}, "404"},
		{"/big", FetchOptions{MaxBytes: 1024}, "larger than 1024 bytes"},
		{"/pdf", FetchOptions{}, "PDF policies are not supported yet"},
		{"/img", FetchOptions{}, "image/png"},
		{"/slow", FetchOptions{Timeout: 200 * time.Millisecond}, "deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := Fetch(context.Background(), srv.URL+tt.path, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %v, want one naming %s and saying %q", err, tt.path, tt.want)
			}
		})
	}
	if _, err := Fetch(context.Background(), "ftp://example.invalid/x", FetchOptions{}); err == nil {
		t.Error("ftp URL accepted")
	}
	_, err = Fetch(context.Background(), srv.URL+"/pdf", FetchOptions{})
	if !errors.Is(err, ErrPDF) {
		t.Errorf("pdf: %v is not ErrPDF", err)
	}
}

// TestHTMLExtraction checks that navigation and footers are dropped,
// headings become sections, and table rows become " | " rows.
func TestHTMLExtraction(t *testing.T) {
	page := `<!doctype html><html lang="en"><head><title>Privacy Policy – Example</title><script>var x = "We do not use cookies.";</script></head>
<body><nav><a href="/">We do not sell anything in the menu.</a></nav>
<main><h1>Privacy Policy</h1>
<h2>Cookies</h2><p>We only use strictly necessary cookies.</p>
<table><tr><th>Name</th><th>Purpose</th><th>Expiry</th></tr><tr><td>sessionid</td><td>Keeps you logged in</td><td>Session</td></tr></table>
<p><strong>Analytics</strong></p><p>We do not use any analytics tools.</p>
</main><footer>We never track you. © Example</footer></body></html>`
	p, err := Read(context.Background(), Source{Name: "page.html", Data: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range p.Claims {
		got[c.Kind+"|"+c.Subject] = c.Section
	}
	want := map[string]string{"essential-cookies-only|": "Cookies", "discloses-cookie|sessionid": "Cookies", "no-analytics|": "Analytics"}
	for k, sec := range want {
		if s, ok := got[k]; !ok || s != sec {
			t.Errorf("claim %s: section %q (present %v), want %q; all %+v", k, s, ok, sec, p.Claims)
		}
	}
	for _, k := range []string{"no-cookies|", "no-selling|", "no-tracking|"} {
		if _, ok := got[k]; ok {
			t.Errorf("claim %s read from script, nav or footer", k)
		}
	}
	if p.Title != "Privacy Policy – Example" || p.Language != "en" {
		t.Errorf("title %q language %q", p.Title, p.Language)
	}
}
