package party

import (
	"errors"
	"net/url"
	"testing"
)

// FuzzNormalize checks that Normalize never panics, that it either accepts
// an http(s) URL with a host or fails with ErrBadTarget, and that its output
// is a fixed point.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"example.com", "https://example.com/a?b#c", "javascript:alert(1)",
		"file:///etc/passwd", "localhost:8080", "http://[::1]/", "bücher.example",
		"data:,x", "https://%zz/", "//example.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Normalize(in)
		if err != nil {
			if !errors.Is(err, ErrBadTarget) {
				t.Fatalf("Normalize(%q): error %v does not wrap ErrBadTarget", in, err)
			}
			return
		}
		u, perr := url.Parse(out)
		if perr != nil {
			t.Fatalf("Normalize(%q) = %q, which does not parse: %v", in, out, perr)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			t.Fatalf("Normalize(%q) = %q: want an http(s) URL with a host", in, out)
		}
		again, err := Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, then %q, %v: not a fixed point", in, out, again, err)
		}
	})
}
