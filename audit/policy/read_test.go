package policy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func mustEncode(t *testing.T, enc interface{ Bytes([]byte) ([]byte, error) }, s string) []byte {
	t.Helper()
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadFormatsAndEncodings reads the same promise in several formats and
// encodings and expects the same claims, with section and verbatim quote.
func TestReadFormatsAndEncodings(t *testing.T) {
	const text = "Datenschutz für Cookies: Wir verwenden keine Cookies."
	latin1 := mustEncode(t, charmap.ISO8859_1.NewEncoder(), "<html><head><meta charset=\"iso-8859-1\"><title>Datenschutzerklärung</title></head><body><h2>Cookies</h2><p>"+text+"</p></body></html>")
	utf16 := mustEncode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), "Cookies\n\nWe do not use cookies on this website.")
	win1252 := mustEncode(t, charmap.Windows1252.NewEncoder(), "Cookies\n\nWe don’t use cookies – not one.")
	tests := []struct {
		name        string
		data        []byte
		contentType string
		wantKind    string
		wantSection string
		wantQuote   string
		wantLang    string
	}{
		{"html latin1 meta", latin1, "", "no-cookies", "Cookies", text, "de"},
		{"html declared header", []byte("<html lang=\"en-GB\"><h1>Privacy</h1><h2>Analytics</h2><p>We have no analytics.</p><ul><li>No tracking.</li></ul>"), "text/html; charset=utf-8", "no-analytics", "Analytics", "We have no analytics.", "en"},
		{"markdown", []byte("# Privacy\n\n## Cookies\n\nWe **do not** use cookies, see [here](https://x).\n"), "", "no-cookies", "Cookies", "We do not use cookies, see here.", "en"},
		{"utf-16 with BOM", utf16, "", "no-cookies", "Cookies", "We do not use cookies on this website.", "en"},
		{"windows-1252 undeclared", win1252, "", "no-cookies", "Cookies", "We don’t use cookies – not one.", "en"},
		{"text declared charset", mustEncode(t, charmap.ISO8859_1.NewEncoder(), "Wir verwenden keine Cookies und geben Ihre Daten nicht an Dritte weiter."), "text/plain; charset=iso-8859-1", "no-cookies", "", "Wir verwenden keine Cookies und geben Ihre Daten nicht an Dritte weiter.", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read(context.Background(), Source{Name: tt.name, Data: tt.data, ContentType: tt.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if p.Language != tt.wantLang {
				t.Errorf("language %q, want %q", p.Language, tt.wantLang)
			}
			found := false
			for _, c := range p.Claims {
				if c.Kind == tt.wantKind {
					found = true
					if c.Section != tt.wantSection || c.Quote != tt.wantQuote {
						t.Errorf("claim %+v, want section %q quote %q", c, tt.wantSection, tt.wantQuote)
					}
				}
			}
			if !found {
				t.Errorf("no %s claim in %+v", tt.wantKind, p.Claims)
			}
		})
	}
}

func TestReadBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte(" \n\t "), ErrEmpty},
		{"pdf", []byte("%PDF-1.7\n..."), ErrPDF},
		{"png", []byte("\x89PNG\r\n\x1a\nxxxx"), ErrBinary},
		{"nul bytes", []byte("abc\x00\x01\x02def\x00"), ErrBinary},
		{"too large", make([]byte, MaxBytes+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), Source{Name: "input.txt", Data: tt.data})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "input.txt") {
				t.Errorf("error %q does not name the input", err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, Source{Name: "x", Data: []byte("We do not use cookies.")}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestReadUnsupportedLanguage(t *testing.T) {
	fr := "Nous n'utilisons pas de cookies. Vos données ne sont pas vendues et nous ne les partageons pas avec des tiers pour la publicité."
	p, err := Read(context.Background(), Source{Name: "fr", Data: []byte(fr)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Language != "fr" || len(p.Claims) != 0 || len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], "no claims were read") {
		t.Errorf("got language %q, %d claims, warnings %q", p.Language, len(p.Claims), p.Warnings)
	}
}

// TestNegationAndDirection holds the traps of the issue: keywords in the
// wrong direction must not become claims, and exceptions stay in quotes.
func TestNegationAndDirection(t *testing.T) {
	tests := []struct {
		text string
		want []string // kind|subject
	}{
		{"We use cookies for analytics.", nil},
		{"We may share data with partners.", nil},
		{"We collect your IP address.", nil},
		{"Third parties may set cookies.", nil},
		{"We do not control third-party cookies.", nil},
		{"We do not use cookies except for a session cookie.", []string{"essential-cookies-only|"}},
		{"We do not sell your data, except to our payment processor.", []string{"no-selling|"}},
		{"We do not currently respond to Do Not Track signals.", nil},
		{"We honour Global Privacy Control.", []string{"honors-gpc-dnt|"}},
		{"Logs are kept for 14 days.", []string{"retention|14 days"}},
		{"Our servers are located in Frankfurt, Germany.", []string{"data-location|Germany"}},
		{"We use TLS 1.2 or higher for all connections.", []string{"encrypts-in-transit|TLS 1.2"}},
		{"We do not use Google Analytics.", []string{"denies-third-party|Google Analytics"}},
		{"This site sets no cookies, not even `_ga`.", []string{"no-cookies|"}},
		{"We set no cookies except `sessionid`, which keeps you logged in.", []string{"discloses-cookie|sessionid"}},
		{"We use Plausible instead of Google Analytics.", []string{"discloses-third-party|Plausible"}},
		{"We don't use Facebook's Like button.", nil},
		{"If you log in with Google, we do not use Google Analytics data for ads.", nil},
		{"We do not use Hotjar, FullStory or Mixpanel.", []string{"denies-third-party|Hotjar", "denies-third-party|FullStory", "denies-third-party|Mixpanel"}},
		{"We use Plausible and Cloudflare.", []string{"discloses-third-party|Plausible", "discloses-third-party|Cloudflare"}},
		{"No ads, no tracking, no analytics.", []string{"no-advertising|", "no-tracking|", "no-analytics|"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := readPassage(context.Background(), tt.text, "", "website")
			got := map[string]bool{}
			for _, c := range p.Claims {
				got[c.Kind+"|"+c.Subject] = true
				if c.Quote != tt.text {
					t.Errorf("quote %q, want the whole sentence", c.Quote)
				}
			}
			want := map[string]bool{}
			for _, w := range tt.want {
				want[w] = true
				if !got[w] {
					t.Errorf("missing %s", w)
				}
			}
			for g := range got {
				if !want[g] {
					t.Errorf("unexpected %s", g)
				}
			}
		})
	}
}
