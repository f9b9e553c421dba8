// Package diff compares two Candor results of the same site and says what
// changed: third parties, cookies, policy claims, verdicts and the hygiene
// grade, and whether anything got worse (which fails a monitoring run).
package diff

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/gate"
	"github.com/candor-audit/candor/internal/result"
)

// Diff is what changed from Old to New.
type Diff struct {
	Old Side `json:"old"`
	New Side `json:"new"`

	OrgsAdded      []Org      `json:"orgs_added"`
	OrgsRemoved    []Org      `json:"orgs_removed"`
	SitesAdded     []string   `json:"sites_added"` // third-party registrable domains
	SitesRemoved   []string   `json:"sites_removed"`
	CookiesAdded   []Cookie   `json:"cookies_added"`
	CookiesRemoved []Cookie   `json:"cookies_removed"`
	ClaimsAdded    []Claim    `json:"claims_added"` // the policy was edited
	ClaimsRemoved  []Claim    `json:"claims_removed"`
	Flipped        []Flip     `json:"flipped"` // same finding id, new outcome
	FindingsNew    []Finding  `json:"findings_new"`
	FindingsGone   []Finding  `json:"findings_gone"`
	Grade          *GradeDiff `json:"grade,omitempty"` // nil when unchanged
}

// Side names one of the two results.
type Side struct {
	Target    string    `json:"target"`
	StartedAt time.Time `json:"started_at"`
	Version   string    `json:"candor_version"`
}

// Org is a third-party organisation.
type Org struct {
	Name     string `json:"name"`
	Category string `json:"category,omitempty"`
}

// Cookie is a cookie by name and domain.
type Cookie struct {
	Name    string       `json:"name"`
	Domain  string       `json:"domain"`
	Party   result.Party `json:"party"`
	Purpose string       `json:"purpose,omitempty"`
	Org     string       `json:"org,omitempty"`
}

// Claim is a policy claim by kind and quote.
type Claim struct {
	Kind  string `json:"kind"`
	Quote string `json:"quote"`
}

// Finding is a finding by id.
type Finding struct {
	ID       string          `json:"id"`
	Check    string          `json:"check"`
	Title    string          `json:"title"`
	Severity result.Severity `json:"severity"`
	Outcome  result.Outcome  `json:"outcome"`
}

// Flip is a finding whose outcome changed.
type Flip struct {
	ID       string          `json:"id"`
	Check    string          `json:"check"`
	Title    string          `json:"title"`
	Severity result.Severity `json:"severity"`
	From     result.Outcome  `json:"from"`
	To       result.Outcome  `json:"to"`
	Worse    bool            `json:"worse"`
}

// GradeDiff is a change of hygiene grade or score.
type GradeDiff struct {
	From      string `json:"from"`
	To        string `json:"to"`
	FromScore int    `json:"from_score"`
	ToScore   int    `json:"to_score"`
	Worse     bool   `json:"worse"`
}

// Compare works out what changed from old to cur.
func Compare(old, cur *result.Result) *Diff {
	d := &Diff{Old: side(old), New: side(cur)}

	oldOrgs, newOrgs := orgs(old), orgs(cur)
	d.OrgsAdded, d.OrgsRemoved = orgDelta(oldOrgs, newOrgs), orgDelta(newOrgs, oldOrgs)
	oldSites, newSites := sites(old), sites(cur)
	d.SitesAdded, d.SitesRemoved = keyDelta(oldSites, newSites), keyDelta(newSites, oldSites)

	oldCookies, newCookies := cookies(old), cookies(cur)
	d.CookiesAdded, d.CookiesRemoved = cookieDelta(oldCookies, newCookies), cookieDelta(newCookies, oldCookies)

	oldClaims, newClaims := claims(old), claims(cur)
	d.ClaimsAdded, d.ClaimsRemoved = claimDelta(oldClaims, newClaims), claimDelta(newClaims, oldClaims)

	before := map[string]result.Finding{}
	for _, f := range old.Findings {
		before[f.ID] = f
	}
	seen := map[string]bool{}
	for _, f := range cur.Findings {
		seen[f.ID] = true
		was, ok := before[f.ID]
		switch {
		case !ok:
			d.FindingsNew = append(d.FindingsNew, finding(f))
		case was.Outcome != f.Outcome:
			d.Flipped = append(d.Flipped, Flip{ID: f.ID, Check: f.Check, Title: f.Title, Severity: f.Severity,
				From: was.Outcome, To: f.Outcome, Worse: !gate.Failed(was) && gate.Failed(f)})
		}
	}
	for _, f := range old.Findings {
		if !seen[f.ID] {
			d.FindingsGone = append(d.FindingsGone, finding(f))
		}
	}
	d.Grade = gradeDiff(old.Summary, cur.Summary)
	return d
}

func side(r *result.Result) Side {
	return Side{Target: r.Target, StartedAt: r.StartedAt, Version: r.Tool.Version}
}

func finding(f result.Finding) Finding {
	return Finding{ID: f.ID, Check: f.Check, Title: f.Title, Severity: f.Severity, Outcome: f.Outcome}
}

// orgs maps each third-party organisation to its category.
func orgs(r *result.Result) map[string]string {
	m := map[string]string{}
	for _, q := range r.Requests {
		if q.Party == result.ThirdParty && q.Org != "" {
			if m[q.Org] == "" {
				m[q.Org] = q.Category
			}
		}
	}
	for _, c := range r.Cookies {
		if c.Party == result.ThirdParty && c.Org != "" {
			if _, ok := m[c.Org]; !ok {
				m[c.Org] = ""
			}
		}
	}
	return m
}

func orgDelta(from, to map[string]string) []Org {
	var out []Org
	for name, cat := range to {
		if _, ok := from[name]; !ok {
			out = append(out, Org{Name: name, Category: cat})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// sites is the set of third-party registrable domains contacted.
func sites(r *result.Result) map[string]bool {
	m := map[string]bool{}
	for _, q := range r.Requests {
		if q.Party == result.ThirdParty {
			s := q.Site
			if s == "" {
				s = q.Host
			}
			if s != "" {
				m[s] = true
			}
		}
	}
	return m
}

func keyDelta(from, to map[string]bool) []string {
	var out []string
	for k := range to {
		if !from[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// cookies keys cookies by name and domain (a leading dot ignored).
func cookies(r *result.Result) map[string]Cookie {
	m := map[string]Cookie{}
	for _, c := range r.Cookies {
		dom := strings.ToLower(strings.TrimPrefix(c.Domain, "."))
		m[c.Name+"\x00"+dom] = Cookie{Name: c.Name, Domain: c.Domain, Party: c.Party, Purpose: c.Purpose, Org: c.Org}
	}
	return m
}

func cookieDelta(from, to map[string]Cookie) []Cookie {
	var out []Cookie
	for k, c := range to {
		if _, ok := from[k]; !ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Domain != out[j].Domain {
			return out[i].Domain < out[j].Domain
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// claims keys claims by kind and quote, spacing and case ignored.
func claims(r *result.Result) map[string]Claim {
	m := map[string]Claim{}
	for _, c := range r.Policy.Claims {
		key := c.Kind + "\x00" + strings.ToLower(strings.Join(strings.Fields(c.Quote), " "))
		m[key] = Claim{Kind: c.Kind, Quote: c.Quote}
	}
	return m
}

func claimDelta(from, to map[string]Claim) []Claim {
	var out []Claim
	for k, c := range to {
		if _, ok := from[k]; !ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Quote < out[j].Quote
	})
	return out
}

// gradeOrder ranks the Observatory grades, best first.
var gradeOrder = []string{"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"}

func gradeRank(g string) int {
	for i, x := range gradeOrder {
		if strings.EqualFold(x, g) {
			return i
		}
	}
	return -1
}

func gradeDiff(old, cur *result.Summary) *GradeDiff {
	if old == nil || cur == nil {
		return nil
	}
	if old.HygieneGrade == cur.HygieneGrade && old.HygieneScore == cur.HygieneScore {
		return nil
	}
	g := &GradeDiff{From: old.HygieneGrade, To: cur.HygieneGrade, FromScore: old.HygieneScore, ToScore: cur.HygieneScore}
	fr, tr := gradeRank(old.HygieneGrade), gradeRank(cur.HygieneGrade)
	if fr >= 0 && tr >= 0 && fr != tr {
		g.Worse = tr > fr
	} else {
		g.Worse = cur.HygieneScore < old.HygieneScore
	}
	return g
}

// trackingCookie says whether a new cookie counts against the site: any
// third-party cookie, and a first-party one unless known essential or
// functional.
func trackingCookie(c Cookie) bool {
	if c.Party == result.ThirdParty {
		return true
	}
	switch c.Purpose {
	case "essential", "functional":
		return false
	}
	return true
}

// Reasons says, one line each, what got worse; empty when nothing did.
// Worse: a new third-party organisation or site, a new third-party or
// non-essential cookie, a finding that flipped to broken or fail, a new
// finding that is broken or failed, a lower hygiene grade. A gone claim
// alone is not worse: the findings that judged it say whether it mattered.
func (d *Diff) Reasons() []string {
	var r []string
	for _, o := range d.OrgsAdded {
		r = append(r, fmt.Sprintf("new third party: %s", o.Name))
	}
	for _, s := range d.SitesAdded {
		r = append(r, fmt.Sprintf("new third-party site: %s", s))
	}
	for _, c := range d.CookiesAdded {
		if trackingCookie(c) {
			r = append(r, fmt.Sprintf("new cookie: %s on %s", c.Name, c.Domain))
		}
	}
	for _, f := range d.Flipped {
		if f.Worse {
			r = append(r, fmt.Sprintf("%s went from %s to %s", f.ID, f.From, f.To))
		}
	}
	for _, f := range d.FindingsNew {
		if f.Outcome == result.OutcomeBroken || f.Outcome == result.OutcomeFail {
			r = append(r, fmt.Sprintf("new finding %s: %s", f.ID, f.Outcome))
		}
	}
	if d.Grade != nil && d.Grade.Worse {
		r = append(r, fmt.Sprintf("hygiene grade fell from %s to %s", d.Grade.From, d.Grade.To))
	}
	return r
}

// Worse reports whether anything got worse (see Reasons).
func (d *Diff) Worse() bool { return len(d.Reasons()) > 0 }

// Empty reports whether nothing changed at all.
func (d *Diff) Empty() bool {
	return len(d.OrgsAdded)+len(d.OrgsRemoved)+len(d.SitesAdded)+len(d.SitesRemoved)+
		len(d.CookiesAdded)+len(d.CookiesRemoved)+len(d.ClaimsAdded)+len(d.ClaimsRemoved)+
		len(d.Flipped)+len(d.FindingsNew)+len(d.FindingsGone) == 0 && d.Grade == nil
}
