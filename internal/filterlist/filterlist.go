// Package filterlist reads a user's EasyPrivacy-style block list and says
// whether a request URL matches it. It understands the common subset:
// "||host^" host rules (optionally followed by a path), "|" anchored URL
// rules, plain substring patterns with "*" wildcards and "^" separators,
// "@@" exceptions and "!" comments. Cosmetic rules ("##") and rules whose
// options limit them to some pages or resource types ("$domain=",
// "$script", …) are skipped: Candor cannot apply them faithfully, and a
// skipped rule only means fewer requests are marked.
package filterlist

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

// List is a parsed filter list, read-only after Parse.
type List struct {
	block, allow rules
	// Rules is the number of rules used; Skipped the number not understood.
	Rules, Skipped int
}

// rules holds host rules in a map for quick lookup and the rest as
// patterns.
type rules struct {
	hosts map[string][]string // host -> path patterns after "^" ("" = any)
	// byToken indexes patterns by one whole alphanumeric word they
	// contain, so a URL is tried only against patterns sharing a word
	// with it; untokened holds the patterns without such a word.
	byToken   map[string][]pattern
	untokened []pattern
}

func newRules() rules {
	return rules{hosts: map[string][]string{}, byToken: map[string][]pattern{}}
}

// pattern is a URL pattern: parts separated by "*", optionally anchored.
type pattern struct {
	parts       []string
	startAnchor bool // "|" at the start: the URL begins with parts[0]
	endAnchor   bool // "|" at the end
}

// ParseFile reads the filter list at path.
func ParseFile(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open filter list %s: %w", path, err)
	}
	defer f.Close()
	l, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("filter list %s: %w", path, err)
	}
	return l, nil
}

// Parse reads a filter list, one rule a line.
func Parse(r io.Reader) (*List, error) {
	l := &List{block: newRules(), allow: newRules()}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "!") || strings.HasPrefix(line, "[") {
			continue
		}
		if strings.Contains(line, "##") || strings.Contains(line, "#@#") || strings.Contains(line, "#?#") || strings.Contains(line, "#$#") {
			l.Skipped++
			continue
		}
		target := &l.block
		if rest, ok := strings.CutPrefix(line, "@@"); ok {
			target, line = &l.allow, rest
		}
		if i := strings.LastIndexByte(line, '$'); i >= 0 {
			if !plainOptions(line[i+1:]) {
				l.Skipped++
				continue
			}
			line = line[:i]
		}
		if line == "" || strings.HasPrefix(line, "/") && strings.HasSuffix(line, "/") && len(line) > 2 {
			// Regular-expression rules are not supported.
			l.Skipped++
			continue
		}
		if !target.add(strings.ToLower(line)) {
			l.Skipped++
			continue
		}
		l.Rules++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return l, nil
}

// plainOptions reports whether a rule's options leave it applying to every
// request: only "third-party" and "important" are accepted.
func plainOptions(opts string) bool {
	for _, o := range strings.Split(opts, ",") {
		switch strings.TrimSpace(o) {
		case "third-party", "3p", "important", "":
		default:
			return false
		}
	}
	return true
}

func (rs *rules) add(rule string) bool {
	if rest, ok := strings.CutPrefix(rule, "||"); ok {
		end := strings.IndexAny(rest, "^/*|")
		host, tail := rest, ""
		if end >= 0 {
			host, tail = rest[:end], rest[end:]
		}
		if host == "" || !strings.Contains(host, ".") {
			return false
		}
		path := strings.TrimSuffix(strings.TrimPrefix(tail, "^"), "|")
		path = strings.TrimSuffix(path, "^")
		rs.hosts[host] = append(rs.hosts[host], path)
		return true
	}
	p := pattern{}
	if rest, ok := strings.CutPrefix(rule, "|"); ok {
		p.startAnchor, rule = true, rest
	}
	if rest, ok := strings.CutSuffix(rule, "|"); ok {
		p.endAnchor, rule = true, rest
	}
	rule = strings.Trim(rule, "*")
	if len(rule) < 3 {
		return false // too short to mean anything but noise
	}
	p.parts = strings.Split(rule, "*")
	if tok := patternToken(p); tok != "" {
		rs.byToken[tok] = append(rs.byToken[tok], p)
	} else {
		rs.untokened = append(rs.untokened, p)
	}
	return true
}

// Match reports whether rawURL is blocked by the list and not excepted.
func (l *List) Match(rawURL string) bool {
	if l == nil {
		return false
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	full := strings.ToLower(rawURL)
	path := strings.ToLower(u.EscapedPath())
	if u.RawQuery != "" {
		path += "?" + strings.ToLower(u.RawQuery)
	}
	return l.block.match(host, path, full) && !l.allow.match(host, path, full)
}

func (rs *rules) match(host, path, full string) bool {
	for h := host; h != ""; {
		for _, p := range rs.hosts[h] {
			if p == "" || globMatch(pattern{parts: strings.Split(p, "*"), startAnchor: true}, path) {
				return true
			}
		}
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			break
		}
		h = h[dot+1:]
	}
	for _, p := range rs.untokened {
		if globMatch(p, full) {
			return true
		}
	}
	for _, tok := range tokens(full) {
		for _, p := range rs.byToken[tok] {
			if globMatch(p, full) {
				return true
			}
		}
	}
	return false
}

// patternToken returns the longest alphanumeric run of the pattern that
// has a literal non-alphanumeric character on both sides, so that any URL
// the pattern matches contains it as a whole word; "" when there is none.
func patternToken(p pattern) string {
	best := ""
	for _, part := range p.parts {
		for i := 0; i < len(part); {
			if !alnum(part[i]) {
				i++
				continue
			}
			j := i
			for j < len(part) && alnum(part[j]) {
				j++
			}
			if i > 0 && j < len(part) && part[j] != '^' && part[i-1] != '^' && j-i > len(best) {
				best = part[i:j]
			}
			i = j
		}
	}
	return best
}

// tokens splits s into its alphanumeric words.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !alnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && alnum(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// globMatch matches a pattern whose parts may contain "^" (a separator:
// anything but a letter, digit, "_", "-", "." or "%", or the end).
func globMatch(p pattern, s string) bool {
	pos := 0
	for i, part := range p.parts {
		if part == "" {
			continue
		}
		at := -1
		if i == 0 && p.startAnchor {
			if n, ok := matchAt(part, s, 0); ok {
				at, pos = 0, n
			}
		} else {
			for j := pos; j <= len(s); j++ {
				if n, ok := matchAt(part, s, j); ok {
					at, pos = j, n
					break
				}
			}
		}
		if at < 0 {
			return false
		}
	}
	return !p.endAnchor || pos == len(s)
}

// matchAt matches part against s at offset i and returns where it ended.
func matchAt(part, s string, i int) (int, bool) {
	for k := 0; k < len(part); k++ {
		c := part[k]
		if c == '^' {
			if i == len(s) {
				continue
			}
			if !separator(s[i]) {
				return 0, false
			}
			i++
			continue
		}
		if i >= len(s) || s[i] != c {
			return 0, false
		}
		i++
	}
	return i, true
}

func separator(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return false
	case c == '_' || c == '-' || c == '.' || c == '%':
		return false
	}
	return true
}
