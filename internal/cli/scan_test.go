package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sharedScanner lends one browser to many commands: Close does nothing.
type sharedScanner struct{ *audit.Browser }

func (sharedScanner) Close() error { return nil }

// runScanCLI runs candor with args in-process, as Main does, and returns the
// exit code and both streams.
func runScanCLI(t *testing.T, f *Factory, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	f.IO = &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	f.Logger = newLogger(&errOut, 8) // errors only
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	code := exitCode(err)
	if err != nil {
		fmt.Fprintf(&errOut, "candor: %v\n", err)
		if isUsage(err) {
			code = ExitError
		}
	}
	return code, out.String(), errOut.String()
}

// startScanFixture serves a tiny shop with one tracker and launches one
// browser for every scan subtest.
func startScanFixture(t *testing.T) (*testsite.Site, *audit.Browser) {
	t.Helper()
	site, err := testsite.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { site.Close() })
	site.Handle("www.cli-shop.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><title>CLI shop</title><script src="https://www.googletagmanager.com/gtag/js"></script><footer><a href="/privacy">Privacy</a></footer>`)
	}))
	site.Handle("www.googletagmanager.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `document.cookie = "_ga=1; path=/; max-age=100"`)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := audit.Launch(ctx, audit.BrowserOptions{HostResolverRules: site.ResolverRules("MAP refused.test:443 127.0.0.1:1"), Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
		assertNoChromium(t)
	})
	return site, b
}

// assertNoChromium fails when a Chromium started by this test binary is
// still running.
func assertNoChromium(t *testing.T) {
	t.Helper()
	if left := testsite.WaitNoChromium(os.Getpid(), 2*time.Second); len(left) > 0 {
		t.Errorf("Chromium processes left behind: %v", left)
	}
}

func TestScanCommand(t *testing.T) {
	site, b := startScanFixture(t)
	site.Handle("hang.cli-shop.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	launches := 0
	f := &Factory{Launch: func(ctx context.Context, opts audit.BrowserOptions) (Scanner, error) {
		launches++
		return sharedScanner{b}, nil
	}}

	t.Run("load timeout", func(t *testing.T) {
		partial := filepath.Join(t.TempDir(), "partial.json")
		code, _, stderr := runScanCLI(t, f, "scan", "hang.cli-shop.test", "--pages", "1", "--load-timeout", "1s", "--timeout", "40s", "-o", partial)
		if code != ExitError || !strings.Contains(stderr, "https://hang.cli-shop.test/") || !strings.Contains(stderr, "the server did not answer within 1s") {
			t.Errorf("exit %d, stderr %q; want exit 2 naming the URL and the 1s load timeout", code, stderr)
		}
		if r, err := result.ReadFile(partial); err != nil || r.Options.TimeoutMS != 40000 || len(r.Pages) != 1 {
			t.Errorf("partial result: %v %+v", err, r)
		}
	})

	t.Run("json to stdout", func(t *testing.T) {
		code, out, stderr := runScanCLI(t, f, "scan", "www.cli-shop.test", "--pages", "1", "--wait", "1s", "-f", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, out)
		}
		for _, k := range []string{"schema_version", "tool", "target", "final_url", "started_at", "duration_ms", "browser", "options", "pages", "requests", "cookies", "storage", "security", "policy", "findings", "errors"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("result has no %q", k)
			}
		}
		for _, k := range []string{"pages", "requests", "cookies", "storage", "findings", "errors"} {
			if _, ok := raw[k].([]any); !ok {
				t.Errorf("%q is %v, want a list", k, raw[k])
			}
		}
		validateSchema(t, out)
		r, err := result.Decode(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if r.Target != "https://www.cli-shop.test/" || r.FinalURL != r.Target || r.DurationMS <= 0 || r.StartedAt.IsZero() || r.Browser.Product == "" || r.Options.Pages != 1 || r.Options.WaitMS != 1000 {
			t.Errorf("header fields: %+v %+v %+v", r.Target, r.Browser, r.Options)
		}
		if len(r.Cookies) != 1 || r.Cookies[0].Name != "_ga" || r.Cookies[0].SetBy.Host != "www.googletagmanager.com" {
			t.Errorf("cookies = %+v", r.Cookies)
		}
	})

	t.Run("output file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.json")
		code, out, stderr := runScanCLI(t, f, "scan", "https://www.cli-shop.test/", "--pages=1", "--wait=500ms", "-o", path)
		if code != 0 || out != "" {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
		}
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("output file: %v %v", st, err)
		}
		if _, err := result.ReadFile(path); err != nil {
			t.Error(err)
		}
	})

	t.Run("unreachable writes the partial result", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.json")
		code, out, stderr := runScanCLI(t, f, "scan", "refused.test", "-o", path, "--wait=300ms")
		if code != ExitError || out != "" {
			t.Fatalf("exit %d stdout %q", code, out)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "https://refused.test/") || !strings.Contains(stderr, "connection refused") {
			t.Errorf("stderr = %q, want one line naming the URL and the cause", stderr)
		}
		r, err := result.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		validateSchema(t, string(data))
		if len(r.Errors) == 0 || r.Errors[0].Stage != "navigate" {
			t.Errorf("errors = %+v", r.Errors)
		}
	})

	before := launches
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"scheme", []string{"scan", "javascript:alert(1)"}, "unsupported scheme"},
		{"file", []string{"scan", "file:///etc/passwd"}, "unsupported scheme"},
		{"empty", []string{"scan", ""}, "empty URL"},
		{"no arg", []string{"scan"}, "no site to scan"},
		{"pages", []string{"scan", "example.com", "--pages", "0"}, "--pages 0"},
		{"wait", []string{"scan", "example.com", "--wait", "-1s"}, "--wait"},
		{"load timeout", []string{"scan", "example.com", "--load-timeout", "0s"}, "--load-timeout 0s"},
		{"first party", []string{"scan", "example.com", "--first-party", ""}, "--first-party"},
		{"format", []string{"scan", "example.com", "-f", "xml"}, "unknown format"},
		{"consent", []string{"scan", "example.com", "--consent", "maybe"}, "--consent \"maybe\""},
		{"fail-on", []string{"scan", "example.com", "--fail-on", "sometimes"}, "fail-on"},
		{"baseline", []string{"scan", "example.com", "--baseline", "/no/such/file.json"}, "--baseline"},
	} {
		t.Run("bad input "+tt.name, func(t *testing.T) {
			code, out, stderr := runScanCLI(t, f, tt.args...)
			if code != ExitError || out != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, stderr, tt.want)
			}
		})
	}
	if launches != before {
		t.Errorf("a browser was started for bad input")
	}
}

func TestScanNoBrowser(t *testing.T) {
	f := &Factory{}
	code, _, stderr := runScanCLI(t, f, "scan", "example.com", "--browser", filepath.Join(t.TempDir(), "no-such-chromium"))
	if code != ExitError || !strings.Contains(stderr, "--browser") {
		t.Errorf("exit %d stderr %q", code, stderr)
	}
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CANDOR_BROWSER", "")
	code, _, stderr = runScanCLI(t, f, "scan", "example.com")
	if code != ExitError || !strings.Contains(stderr, "apt-get install chromium") {
		t.Errorf("exit %d stderr %q", code, stderr)
	}
}

func TestScanHelpHasExamples(t *testing.T) {
	for _, cmd := range []string{"scan", "demo"} {
		code, out, _ := runScanCLI(t, &Factory{}, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "candor "+cmd) {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
}

// validateSchema checks a real result against the JSON contract,
// docs/result.schema.json.
func validateSchema(t *testing.T, data string) {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile("../../docs/result.schema.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("scan result does not match the schema: %v", err)
	}
}
