package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// DefaultIgnoreFile is read from the working directory when --ignore-file
// is not given.
const DefaultIgnoreFile = ".candorignore.yaml"

// IgnoreFile is a list of accepted findings:
//
//	ignore:
//	  - id: "CANDOR-UNDISCLOSED-ORG:JSDelivr CDN"
//	    reason: named in our terms of service
//	    expires: 2027-01-31
//	  - check: CANDOR-HDR-CSP
//	    host: "*.shop.example"
//	    reason: CSP rollout tracked in TICKET-12
type IgnoreFile struct {
	Path    string
	Entries []IgnoreEntry
}

// IgnoreEntry accepts the findings it matches: by finding id or by check id
// (either may use * and ? wildcards), optionally only where every host or
// URL in the finding's evidence matches a glob. Reason is required; after
// Expires (a date, inclusive) the entry no longer applies.
type IgnoreEntry struct {
	ID      string `yaml:"id"`
	Check   string `yaml:"check"`
	Host    string `yaml:"host"`
	URL     string `yaml:"url"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"`

	// Line is where the entry starts in the file.
	Line int `yaml:"-"`
	// ExpiresAt is the parsed Expires; zero when it never expires.
	ExpiresAt time.Time `yaml:"-"`
}

// LoadIgnore reads an ignore file. When required is false a missing file
// is no error and gives nil.
func LoadIgnore(path string, required bool) (*IgnoreFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("read ignore file: %w", err)
	}
	return ParseIgnore(path, data)
}

// ParseIgnore reads an ignore file's contents; name is used in errors,
// which carry the line.
func ParseIgnore(name string, data []byte) (*IgnoreFile, error) {
	top, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	f := &IgnoreFile{Path: name}
	if top == nil {
		return f, nil
	}
	for _, mv := range top.Values {
		if keyOf(mv) != "ignore" {
			return nil, fmt.Errorf("%s:%d: unknown key %q (the file holds one key, ignore, with a list of entries)", name, line(mv.Key), keyOf(mv))
		}
		if _, isNull := mv.Value.(*ast.NullNode); isNull {
			continue
		}
		seq, ok := mv.Value.(*ast.SequenceNode)
		if !ok {
			return nil, fmt.Errorf("%s:%d: ignore: want a list of entries", name, line(mv.Value))
		}
		for _, item := range seq.Values {
			e, err := parseEntry(name, item)
			if err != nil {
				return nil, err
			}
			f.Entries = append(f.Entries, e)
		}
	}
	return f, nil
}

func parseEntry(name string, n ast.Node) (IgnoreEntry, error) {
	var e IgnoreEntry
	if _, ok := n.(*ast.MappingNode); !ok {
		if _, ok := n.(*ast.MappingValueNode); !ok {
			return e, fmt.Errorf("%s:%d: an ignore entry is a mapping with id or check, and reason", name, line(n))
		}
	}
	if err := yaml.NodeToValue(n, &e, yaml.DisallowUnknownField()); err != nil {
		return e, yamlError(name, err)
	}
	e.Line = line(n)
	if e.ID == "" && e.Check == "" {
		return e, fmt.Errorf("%s:%d: entry needs an id (a finding id) or a check (a check id)", name, e.Line)
	}
	if strings.TrimSpace(e.Reason) == "" {
		return e, fmt.Errorf("%s:%d: entry for %s needs a reason", name, e.Line, e.what())
	}
	if e.Expires != "" {
		t, err := time.Parse("2006-01-02", e.Expires)
		if err != nil {
			return e, fmt.Errorf("%s:%d: expires %q: want a date like 2027-01-31", name, e.Line, e.Expires)
		}
		e.ExpiresAt = t
	}
	return e, nil
}

// what names the entry in messages.
func (e IgnoreEntry) what() string {
	if e.ID != "" {
		return "id " + e.ID
	}
	return "check " + e.Check
}

// Expired reports whether the entry's date has passed at now; an entry
// applies through the whole of its expiry date (UTC).
func (e IgnoreEntry) Expired(now time.Time) bool {
	return !e.ExpiresAt.IsZero() && !now.UTC().Before(e.ExpiresAt.Add(24*time.Hour))
}

// Matches reports whether the entry covers f (expiry aside).
func (e IgnoreEntry) Matches(f result.Finding) bool {
	if e.ID != "" && !glob(e.ID, f.ID, false) {
		return false
	}
	if e.Check != "" && !glob(e.Check, f.Check, true) {
		return false
	}
	if e.Host != "" && !allMatch(findingHosts(f), e.Host, true) {
		return false
	}
	if e.URL != "" && !allMatch(findingURLs(f), e.URL, false) {
		return false
	}
	return true
}

// allMatch is true when there is at least one value and every one matches
// pattern: an entry for a CDN's host does not hide a finding that also
// names an ad network.
func allMatch(values []string, pattern string, fold bool) bool {
	if len(values) == 0 {
		return false
	}
	for _, v := range values {
		if !glob(pattern, v, fold) {
			return false
		}
	}
	return true
}

func findingHosts(f result.Finding) []string {
	var hosts []string
	for _, e := range f.Evidence {
		h := e.Host
		if h == "" && e.URL != "" {
			h = hostOf(e.URL)
		}
		if h == "" {
			h = strings.TrimPrefix(e.Domain, ".")
		}
		if h == "" && e.Page != "" {
			h = hostOf(e.Page)
		}
		if h != "" {
			hosts = append(hosts, h)
		}
	}
	return hosts
}

func findingURLs(f result.Finding) []string {
	var urls []string
	for _, e := range f.Evidence {
		u := e.URL
		if u == "" {
			u = e.Page
		}
		if u != "" {
			urls = append(urls, u)
		}
	}
	return urls
}

func hostOf(u string) string {
	rest := u
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndex(rest, ":"); i >= 0 && !strings.Contains(rest[i:], "]") {
		rest = rest[:i]
	}
	return strings.ToLower(rest)
}

// glob matches s against pattern, where * is any run of characters
// (including none) and ? is one character; fold ignores case.
func glob(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, t := []rune(pattern), []rune(s)
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
