package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/mdtest"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/reports"
)

// The hostile strings a scanned site controls, as raw text.
const (
	clearScreen = "\x1b[2J"
	osc8Link    = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
	jsLink      = "[x](javascript:alert(1))"
	scriptTag   = "<script>alert(1)</script>"
	hostileText = "a | b\nnext line `code` " + scriptTag + " " + jsLink + " " + clearScreen + " " + osc8Link
)

// hostileSite serves a page whose title, cookies, storage keys, request
// URLs, dialog and policy carry every hostile string.
func hostileSite(t *testing.T) string {
	t.Helper()
	// JSON-quoted for the page's scripts.
	js, err := json.Marshal(hostileText)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, siteSpec{
		Host: "www.hostile.test",
		// Character references carry ESC and BEL into the title.
		Title: "Shop | Home `code` &lt;script&gt;alert(1)&lt;/script&gt; " + jsLink + " &#27;[2J &#27;]8;;https://evil.example&#7;click&#27;]8;;&#7;",
		SetCookies: []string{
			"a|b`c" + scriptTag + "=1; Path=/; Secure; SameSite=Lax",
			jsLink + "=2; Path=/; Secure; SameSite=Lax",
		},
		Head: `<script src="https://cdn.jsdelivr.net/npm/x|y/dist/` + jsLink + `.js?q=` + "`" + `|"></script>`,
		Body: `<script>
document.cookie = "pipe|name` + "`" + `=3; path=/; max-age=600";
localStorage.setItem(` + string(js) + `, "1");
localStorage.setItem("k|` + "``" + `|` + "\\n" + `| x | y |", "2");
alert(` + string(js) + `);
</script>`,
		Policy: []string{
			"This website does not use cookies, not even " + hostileText + ".",
			"No tracking | `code` " + scriptTag + " " + jsLink + " " + clearScreen + " " + osc8Link + ".",
		},
	})
}

// TestHostileContentEndToEnd scans a site whose content attacks the
// reports, then renders the result as Markdown, table and SARIF and checks
// that the hostile strings arrive inert.
func TestHostileContentEndToEnd(t *testing.T) {
	t.Parallel()
	r := judgeScan(t, hostileSite(t))

	// The fixture delivered its hostile strings into the result; otherwise
	// the checks below would prove nothing. (The scan already turns the
	// controls of titles and dialogs into spaces; storage keys and policy
	// quotes keep them for the writers to neutralise.)
	if len(r.Pages) == 0 || !strings.Contains(r.Pages[0].Title, scriptTag) || !strings.Contains(r.Pages[0].Title, "Shop | Home `code`") || !strings.Contains(r.Pages[0].Title, jsLink) {
		t.Fatalf("page title did not keep the hostile strings: %+v", r.Pages)
	}
	if !anyString(cookieNames(r), "|") || !anyString(cookieNames(r), scriptTag) || !anyString(cookieNames(r), "](javascript:") {
		t.Errorf("cookie names did not keep the hostile strings: %q", cookieNames(r))
	}
	if !anyString(storageKeys(r), "\n") || !anyString(storageKeys(r), "\x1b]8;;") {
		t.Errorf("storage keys did not keep the hostile strings: %q", storageKeys(r))
	}
	broken := claimFinding(t, r, "CANDOR-CLAIM-NO-COOKIES", "no-cookies", "does not use cookies")
	if broken.Outcome != result.OutcomeBroken || !strings.Contains(broken.Claim.Quote, scriptTag) || !strings.Contains(broken.Claim.Quote, jsLink) {
		t.Errorf("no-cookies: %s with quote %q, want broken quoting the hostile sentence", broken.Outcome, broken.Claim.Quote)
	}

	t.Run("markdown", func(t *testing.T) {
		md := render(t, reports.FormatMarkdown, r, reports.Options{})
		for _, p := range markdownProblems(md) {
			t.Error(p)
		}
		if !strings.Contains(md, "alert(1)") {
			t.Errorf("the hostile strings should be shown, inert; markdown has no alert(1):\n%s", md)
		}
	})
	t.Run("table", func(t *testing.T) {
		plain := render(t, reports.FormatTable, r, reports.Options{Color: false})
		if i := strings.IndexByte(plain, 0x1b); i >= 0 {
			t.Errorf("colour off but the table has ESC at %d: %q", i, around(plain, i))
		}
		checkNoControls(t, "table", plain)
		colour := render(t, reports.FormatTable, r, reports.Options{Color: true})
		rest := ownSGR.ReplaceAllString(colour, "")
		if i := strings.IndexByte(rest, 0x1b); i >= 0 {
			t.Errorf("colour on: an escape sequence that is not Candor's own colour at %d: %q", i, around(rest, i))
		}
		checkNoControls(t, "table with colour", rest)
		if !strings.Contains(plain, scriptTag) {
			t.Errorf("the hostile strings should be shown, inert; the table lacks %q", scriptTag)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		out := render(t, reports.FormatSARIF, r, reports.Options{})
		if !json.Valid([]byte(out)) {
			t.Fatalf("SARIF is not valid JSON:\n%s", out)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc["version"] != "2.1.0" {
			t.Errorf("SARIF version %v, want 2.1.0", doc["version"])
		}
		var texts []string
		collectStrings(doc, &texts)
		for _, s := range texts {
			if strings.ContainsAny(s, "\x1b\x07") {
				t.Errorf("SARIF string keeps a terminal control: %q", s)
			}
		}
		if !strings.Contains(out, "no-cookies") && !strings.Contains(out, "NO-COOKIES") {
			t.Errorf("SARIF lacks the broken no-cookies claim")
		}
	})
	t.Run("round trip through JSON", func(t *testing.T) {
		var buf bytes.Buffer
		if err := result.Encode(&buf, r); err != nil {
			t.Fatal(err)
		}
		back, err := result.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		want := render(t, reports.FormatMarkdown, r, reports.Options{})
		if got := render(t, reports.FormatMarkdown, back, reports.Options{}); got != want {
			t.Errorf("markdown of the decoded result differs from the original's:\n%s", firstDiff(got, want))
		}
	})
	if t.Failed() {
		t.Log(dump(r))
	}
}

// ownSGR is the only escape sequence a coloured table may hold: Candor's
// own colour codes.
var ownSGR = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func render(t *testing.T, format string, r *result.Result, opts reports.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.Write(&buf, format, r, opts); err != nil {
		t.Fatalf("render %s: %v", format, err)
	}
	return buf.String()
}

// markdownProblems lists what hostile content did to a Markdown document:
// a table row with more or fewer cells than its header, an HTML tag or a
// javascript: link outside code spans and fenced blocks, a fenced block
// left open, and any terminal control.
func markdownProblems(md string) []string {
	var probs []string
	if p := controlProblem("markdown", md); p != "" {
		probs = append(probs, p)
	}
	fence := ""
	cols := -1 // separators in the current table's header row
	for n, line := range strings.Split(md, "\n") {
		if fence != "" {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, "`") == "" {
				fence = ""
			} else if strings.Contains(line, "<script") || strings.Contains(line, "javascript:") {
				probs = append(probs, fmt.Sprintf("line %d: hostile text inside a fenced block: %q", n+1, line))
			}
			continue
		}
		if strings.HasPrefix(line, "```") {
			fence = strings.TrimRight(line, "abcdefghijklmnopqrstuvwxyz")
			continue
		}
		if strings.HasPrefix(line, "|") {
			c := mdtest.Pipes(line)
			if cols < 0 {
				cols = c
			} else if c != cols {
				probs = append(probs, fmt.Sprintf("line %d: table row has %d cell separators, its header %d: %q", n+1, c, cols, line))
			}
		} else {
			cols = -1
		}
		outside := mdtest.StripCodeSpans(line)
		for _, bad := range []string{"<script", "</script", "](javascript:"} {
			for i := strings.Index(outside, bad); i >= 0; i = nextIndex(outside, bad, i) {
				if !mdtest.Escaped(outside, i) {
					probs = append(probs, fmt.Sprintf("line %d: raw %q outside code: %q", n+1, bad, line))
				}
			}
		}
	}
	if fence != "" {
		probs = append(probs, "a fenced block is never closed")
	}
	return probs
}

// TestMarkdownProblems proves the Markdown checker above catches what it
// looks for, so a clean hostile report means something.
func TestMarkdownProblems(t *testing.T) {
	tests := []struct {
		name, md string
		want     int
	}{
		{"clean", "# T\n\n| a | b |\n| --- | --- |\n| `x\\|y` | \\<script\\> |\n", 0},
		{"pipe splits a cell", "| a | b |\n| --- | --- |\n| x | y | z |\n", 1},
		{"escaped pipe keeps the row", "| a | b |\n| --- | --- |\n| x \\| y | z |\n", 0},
		{"raw script tag", "Title <script>alert(1)</script>\n", 2},
		{"script tag in a code span", "Title `<script>alert(1)</script>`\n", 0},
		{"script tag after a lone backtick", "Title ` <script>\n", 1},
		{"javascript link", "[x](javascript:alert(1))\n", 1},
		{"escaped javascript link", "\\[x\\](javascript:alert(1))\n", 0},
		{"escape sequence", "clear \x1b[2J\n", 1},
		{"open fence", "```mermaid\nflowchart LR\n", 1},
		{"script in a fence", "```\n<script>\n```\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdownProblems(tt.md); len(got) != tt.want {
				t.Errorf("markdownProblems(%q) = %q, want %d problems", tt.md, got, tt.want)
			}
		})
	}
}

// nextIndex returns the index of sub in s after i, or -1.
func nextIndex(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// checkNoControls fails on any C0 or C1 control but newline, and on DEL.
func checkNoControls(t *testing.T, what, s string) {
	t.Helper()
	if p := controlProblem(what, s); p != "" {
		t.Error(p)
	}
}

// controlProblem describes the first C0 or C1 control (but newline) or DEL
// in s, or returns "".
func controlProblem(what, s string) string {
	for i, r := range s {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)) {
			return fmt.Sprintf("%s keeps control %U at %d: %q", what, r, i, around(s, i))
		}
	}
	return ""
}

func around(s string, i int) string {
	return s[max(0, i-60):min(len(s), i+60)]
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + al[i] + "\nwant: " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " vs " + strconv.Itoa(len(bl)) + " lines"
}

func cookieNames(r *result.Result) []string {
	var out []string
	for _, c := range r.Cookies {
		out = append(out, c.Name)
	}
	return out
}

func storageKeys(r *result.Result) []string {
	var out []string
	for _, s := range r.Storage {
		out = append(out, s.Key)
	}
	return out
}

func anyString(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// collectStrings appends every string value (and object key) in a decoded
// JSON document.
func collectStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			collectStrings(e, out)
		}
	case map[string]any:
		for k, e := range v {
			*out = append(*out, k)
			collectStrings(e, out)
		}
	}
}
