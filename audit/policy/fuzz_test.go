package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzRead feeds arbitrary bytes to Read: it must never panic or hang, and
// every claim it returns must quote the text it says it quotes.
func FuzzRead(f *testing.F) {
	f.Add([]byte("We do not use cookies. No tracking; no analytics."), "")
	f.Add([]byte("<html><body><h2>Cookies</h2><p>We do not sell your data.</p></body></html>"), "text/html")
	f.Add([]byte("# Privacy\n\n* We use **Cloudflare**.\n\n| _ga | Google | 2 years |\n"), "")
	f.Add([]byte("\xff\xfeW\x00e\x00 \x00d\x00o\x00"), "")
	f.Add([]byte("%PDF-1.4"), "")
	f.Add([]byte("Wir verwenden keine Cookies und kein Tracking."), "text/plain; charset=iso-8859-1")
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, "")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		p, err := Read(ctx, Source{Name: "fuzz", Data: data, ContentType: contentType})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz") {
				t.Errorf("error does not name the input: %v", err)
			}
			return
		}
		for _, c := range p.Claims {
			if c.Kind == "" || c.Rule == "" || c.Scope == "" || c.Quote == "" || c.Offset < 0 {
				t.Errorf("incomplete claim %+v", c)
			}
		}
	})
}
