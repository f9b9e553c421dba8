package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/candor-audit/candor/checks"
	"github.com/candor-audit/candor/internal/result"
)

// view is what the table and Markdown writers show, worked out once from
// a result: the findings split by kind, the counts and the third parties.
type view struct {
	r           *result.Result
	counts      result.Summary
	claims      []result.Finding // findings that judge a policy claim
	broken      []result.Finding // claim findings whose outcome is broken
	undisclosed []result.Finding // practice no claim discloses
	hygiene     []result.Finding // header and transport tests
	parties     []party
	cookies     []result.Cookie
}

// party is one third-party organisation (or, when unclassified, one site)
// the pages contacted.
type party struct {
	Name        string
	Category    string
	Sites       []string
	Requests    int
	Types       []string // resource types with counts, most first: "Script ×3"
	Cookies     int
	Broken      bool // evidence of a broken claim names it
	Undisclosed bool // an undisclosed-practice finding names it
}

// Undisclosed reports whether f is an undisclosed-practice finding: one
// that no claim judges and whose check id says so (CANDOR-UNDISCLOSED-…).
func Undisclosed(f result.Finding) bool {
	return f.Claim == nil && strings.Contains(strings.ToUpper(f.Check), "UNDISCLOSED")
}

// keyHeaders are the response headers the reports show, in order.
var keyHeaders = []string{
	"content-security-policy",
	"strict-transport-security",
	"x-content-type-options",
	"x-frame-options",
	"referrer-policy",
	"permissions-policy",
	"cross-origin-opener-policy",
	"cross-origin-resource-policy",
}

func newView(r *result.Result) *view {
	v := &view{r: r}
	for _, f := range r.Findings {
		switch {
		case f.Claim != nil:
			v.claims = append(v.claims, f)
			if f.Outcome == result.OutcomeBroken {
				v.broken = append(v.broken, f)
			}
		case Undisclosed(f):
			v.undisclosed = append(v.undisclosed, f)
		default:
			v.hygiene = append(v.hygiene, f)
		}
	}
	if r.Summary != nil {
		v.counts = *r.Summary
	} else {
		v.counts = checks.Summarize(r.Findings)
	}
	v.parties = thirdParties(r, v.broken, v.undisclosed)
	v.cookies = append([]result.Cookie(nil), r.Cookies...)
	sort.SliceStable(v.cookies, func(i, j int) bool {
		a, b := v.cookies[i], v.cookies[j]
		if a.Party != b.Party {
			return a.Party == result.ThirdParty // third parties first
		}
		if a.Domain != b.Domain {
			return a.Domain < b.Domain
		}
		return a.Name < b.Name
	})
	return v
}

func thirdParties(r *result.Result, broken, undisclosed []result.Finding) []party {
	byName := map[string]*party{}
	types := map[string]map[string]int{}
	var order []string
	get := func(name, category string) *party {
		p, ok := byName[name]
		if !ok {
			p = &party{Name: name, Category: category}
			byName[name] = p
			types[name] = map[string]int{}
			order = append(order, name)
		}
		if p.Category == "" {
			p.Category = category
		}
		return p
	}
	for _, q := range r.Requests {
		if q.Party != result.ThirdParty {
			continue
		}
		p := get(partyName(q.Org, q.Site, q.Host), q.Category)
		p.Requests++
		types[p.Name][orDash(q.ResourceType)]++
		if q.Site != "" && !contains(p.Sites, q.Site) {
			p.Sites = append(p.Sites, q.Site)
		}
	}
	for _, c := range r.Cookies {
		if c.Party != result.ThirdParty {
			continue
		}
		name := c.Org
		if name == "" {
			name = ownerBySite(byName, strings.TrimPrefix(c.Domain, "."))
		}
		if name == "" {
			name = partyName("", "", strings.TrimPrefix(c.Domain, "."))
		}
		get(name, "").Cookies++
	}
	mark := func(fs []result.Finding, set func(*party)) {
		for _, f := range fs {
			for _, e := range f.Evidence {
				name := e.Org
				if name == "" {
					host := e.Host
					if host == "" {
						host = strings.TrimPrefix(e.Domain, ".")
					}
					name = ownerBySite(byName, host)
				}
				if p, ok := byName[name]; ok {
					set(p)
				}
			}
		}
	}
	mark(broken, func(p *party) { p.Broken = true })
	var failed []result.Finding // an info-level undisclosed finding marks nobody
	for _, f := range undisclosed {
		if f.Outcome == result.OutcomeFail || f.Outcome == result.OutcomeBroken {
			failed = append(failed, f)
		}
	}
	mark(failed, func(p *party) { p.Undisclosed = true })

	out := make([]party, 0, len(order))
	for _, name := range order {
		p := byName[name]
		if p.Category == "" {
			p.Category = "unclassified"
		}
		sort.Strings(p.Sites)
		p.Types = countList(types[name])
		out = append(out, *p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// partyName is the organisation, else the registrable domain, else the host.
func partyName(org, site, host string) string {
	switch {
	case org != "":
		return org
	case site != "":
		return site
	case host != "":
		return host
	}
	return "unknown"
}

// ownerBySite finds the party one of whose sites is host or a parent of it.
func ownerBySite(parties map[string]*party, host string) string {
	if host == "" {
		return ""
	}
	best := ""
	for name, p := range parties {
		for _, s := range p.Sites {
			if host == s || strings.HasSuffix(host, "."+s) {
				if best == "" || name < best {
					best = name
				}
			}
		}
		if name == host && best == "" {
			best = name
		}
	}
	return best
}

func countList(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lifetime says how long a cookie lives, counted from the scan start so
// the same result always renders the same.
func lifetime(c result.Cookie, from time.Time) string {
	if c.Session || c.Expires == nil {
		return "session"
	}
	d := c.Expires.Sub(from)
	switch {
	case d <= 0:
		return "expired"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()+0.5))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24+0.5))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%d months", int(d.Hours()/24/30.44+0.5))
	}
	return fmt.Sprintf("%.1f years", d.Hours()/24/365.25)
}

// flags lists a cookie's attributes as the table shows them.
func flags(c result.Cookie) string {
	var f []string
	if c.Secure {
		f = append(f, "Secure")
	}
	if c.HTTPOnly {
		f = append(f, "HttpOnly")
	}
	if c.SameSite != "" {
		f = append(f, "SameSite="+c.SameSite)
	}
	if len(f) == 0 {
		return "-"
	}
	return strings.Join(f, " ")
}

// setter says who set a cookie: "script (host)", "header (host)", "unknown".
func setter(s result.SetBy) string {
	kind := s.Kind
	if kind == "" {
		kind = result.SetByUnknown
	}
	host := s.Host
	if host == "" && s.URL != "" {
		host = hostOf(s.URL)
	}
	if host == "" {
		return kind
	}
	return kind + " (" + host + ")"
}

// hostOf is the host of a URL, without parsing errors: hostile URLs may not
// parse, and then the first path-like part is enough.
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
	return rest
}

// grade is the hygiene grade with its score, or "n/a".
func (v *view) grade() string {
	if v.counts.HygieneGrade == "" {
		return "n/a"
	}
	return fmt.Sprintf("%s (%d/100)", v.counts.HygieneGrade, v.counts.HygieneScore)
}

// evidenceParts is one piece of evidence taken apart for display; each
// writer escapes the parts for its output.
type evidenceParts struct {
	Kind   string
	Main   string // URL, cookie name, header name, …
	Extra  []labelled
	Detail string
}

// labelled is one "label value" fragment; Literal values (URLs, domains,
// names) are shown verbatim, as code in Markdown.
type labelled struct {
	Label   string
	Value   string
	Literal bool
}

// String is the fragment as plain text.
func (l labelled) String() string {
	if l.Label == "" {
		return l.Value
	}
	return l.Label + " " + l.Value
}

func joinLabelled(ls []labelled) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}

func describeEvidence(e result.Evidence) evidenceParts {
	p := evidenceParts{Kind: e.Kind, Detail: e.Detail}
	add := func(label, value string, literal bool) {
		if value != "" {
			p.Extra = append(p.Extra, labelled{label, value, literal})
		}
	}
	switch e.Kind {
	case "cookie":
		p.Main = e.Name
		add("domain", e.Domain, true)
		if e.SetBy != nil {
			add("set by", setter(*e.SetBy), false)
		}
	case "storage":
		p.Main = e.Name
		add("origin", e.Domain, true)
	case "header":
		p.Main = e.Name
		add("value", e.Value, true)
	default:
		p.Main = e.URL
		if p.Main == "" {
			p.Main = e.Host
		}
		if p.Main == "" {
			p.Main = e.Name
		}
		add("", e.Value, true)
	}
	add("org", e.Org, false)
	add("on", e.Page, true)
	return p
}
