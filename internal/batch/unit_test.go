package batch

import (
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func TestDirName(t *testing.T) {
	safe := regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*-[0-9a-f]{12}$`)
	tests := []struct{ in, prefix string }{
		{"https://www.example.com/", "www.example.com-"},
		{"http://www.example.com/", "www.example.com-"},
		{"https://www.example.com:8443/", "www.example.com_8443-"},
		{"https://www.example.com/shop?a=1", "www.example.com-"},
		{"https://[::1]:8080/", "1_8080-"},
		{"https://xn--bcher-kva.example/", "xn--bcher-kva.example-"},
		{"not a url at all", "site-"},
		{"https://../", "site-"},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		got := DirName(tt.in)
		if !safe.MatchString(got) || len(got) > maxHostInName+13 {
			t.Errorf("DirName(%q) = %q, not a safe folder name", tt.in, got)
		}
		if got[:len(tt.prefix)] != tt.prefix {
			t.Errorf("DirName(%q) = %q, want prefix %q", tt.in, got, tt.prefix)
		}
		if DirName(tt.in) != got {
			t.Errorf("DirName(%q) is not stable", tt.in)
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("DirName(%q) = DirName(%q) = %q", tt.in, prev, got)
		}
		seen[got] = tt.in
	}
}

func TestMDCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a|b\nc", `a\|b c`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"[x](javascript:y)", `\[x\](javascript:y)`},
		{"`code` *b* _i_", "\\`code\\` \\*b\\* \\_i\\_"},
	}
	for _, tt := range tests {
		if got := mdCell(tt.in); got != tt.want {
			t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRowFor(t *testing.T) {
	r := result.New("https://a.example/", "test")
	r.FinalURL = "https://www.a.example/"
	r.Requests = []result.Request{
		{Party: result.ThirdParty, Org: "Google", Site: "google-analytics.com"},
		{Party: result.ThirdParty, Org: "Google", Site: "doubleclick.net"},
		{Party: result.ThirdParty, Site: "tracker.example"},
		{Party: result.ThirdParty, Site: "tracker.example"},
		{Party: result.ThirdParty, Host: "10.0.0.1"},
		{Party: result.FirstParty, Org: "A", Site: "a.example"},
	}
	row := rowFor(3, r.Target, r, nil)
	if row.Status != StatusOK || row.ThirdParties != 3 || row.Claims != nil || row.FinalURL != r.FinalURL || row.Index != 3 {
		t.Errorf("row = %+v", row)
	}
	r.Summary = &result.Summary{Kept: 1, Broken: 2, Unverifiable: 3, HygieneGrade: "C"}
	row = rowFor(0, r.Target, r, errors.New("timeout"))
	if row.Status != StatusError || row.Error != "timeout" || *row.Claims != (Claims{1, 2, 3}) || row.HygieneGrade != "C" {
		t.Errorf("row = %+v", row)
	}
}

func TestBrowserLost(t *testing.T) {
	withStage := result.New("https://a.example/", "")
	withStage.Errors = []result.Error{{Stage: "browser", Message: "cannot open a browser tab"}}
	other := result.New("https://a.example/", "")
	other.Errors = []result.Error{{Stage: "navigate", Message: "connection refused"}}
	tests := []struct {
		name string
		r    *result.Result
		err  error
		want bool
	}{
		{"browser stage", withStage, errors.New("x"), true},
		{"lost connection", other, errors.New("scan: lost the connection to the browser: EOF: context canceled"), true},
		{"process exited", nil, errors.New("browser process exited: signal: killed: x"), true},
		{"site error", other, errors.New("connection refused"), false},
	}
	for _, tt := range tests {
		if got := browserLost(nil, tt.r, tt.err); got != tt.want {
			t.Errorf("%s: browserLost = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !processAlive(os.Getpid()) {
		t.Error("processAlive(self) = false")
	}
	if processAlive(1 << 30) {
		t.Error("processAlive(no such pid) = true")
	}
}
