package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func runPolicyCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

func writePolicyTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const samplePolicy = `Privacy Policy

Cookies

We do not use cookies. We do not sell your personal information.
We use Cloudflare to serve this website | and "quotes" with <b>html</b> and ` + "`ticks`" + `.`

func TestPolicyCommandFormats(t *testing.T) {
	in := writePolicyTemp(t, "policy.txt", []byte(samplePolicy))
	tests := []struct {
		name   string
		format string
		want   []string
	}{
		{"table", "table", []string{"no-cookies", "no-selling", "Cloudflare", "website"}},
		{"markdown", "markdown", []string{"| Kind | Subject |", "no-cookies", "\\|", "&lt;b&gt;html&lt;/b&gt;", "\\`ticks\\`"}},
		{"json", "json", []string{`"kind": "no-cookies"`, `"rule": "en.no-cookies.negated-use"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runPolicyCLI(t, "policy", in, "-f", tt.format)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestPolicyCommandJSONToFile(t *testing.T) {
	in := writePolicyTemp(t, "policy.md", []byte("# Privacy\n\nWe have **no analytics** and no tracking.\n"))
	outPath := filepath.Join(t.TempDir(), "claims.json")
	code, stdout, errOut := runPolicyCLI(t, "policy", in, "-f", "json", "-o", outPath)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if stdout != "" {
		t.Errorf("stdout should be empty with -o, got %q", stdout)
	}
	data, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var p result.Policy
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	kinds := map[string]bool{}
	for _, c := range p.Claims {
		kinds[c.Kind] = true
	}
	if !kinds["no-analytics"] || !kinds["no-tracking"] {
		t.Errorf("claims = %+v", p.Claims)
	}
}

func TestPolicyCommandBadInput(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/image":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n"))
		case "/ok":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<html><body><h1>Privacy</h1><p>We do not sell your personal information.</p></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	big := filepath.Join(t.TempDir(), "big.txt")
	fh, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty", []string{"policy", writePolicyTemp(t, "empty.txt", nil)}, "empty"},
		{"binary", []string{"policy", writePolicyTemp(t, "x.bin", []byte{0, 1, 2, 3, 0, 0, 5, 6, 7, 8})}, "binary"},
		{"pdf", []string{"policy", writePolicyTemp(t, "p.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"))}, "PDF policies are not supported yet"},
		{"too large", []string{"policy", big}, "limit"},
		{"missing", []string{"policy", filepath.Join(t.TempDir(), "nope.txt")}, "nope.txt"},
		{"404", []string{"policy", srv.URL + "/missing"}, "404"},
		{"not html", []string{"policy", srv.URL + "/image"}, "image/png"},
		{"bad format", []string{"policy", srv.URL + "/ok", "-f", "xml"}, "unknown format"},
		{"no args", []string{"policy"}, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runPolicyCLI(t, tt.args...)
			if code != ExitError {
				t.Errorf("exit %d, want %d (stderr %q)", code, ExitError, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
		})
	}
	code, out, errOut := runPolicyCLI(t, "policy", srv.URL+"/ok", "-f", "json")
	if code != ExitOK || !strings.Contains(out, "no-selling") {
		t.Errorf("fetch ok: exit %d out %q err %q", code, out, errOut)
	}
}
