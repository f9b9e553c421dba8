// Package checks is Candor's judgement: pure functions from a scan result
// (observations and the claims read from the privacy policy) to findings.
// It never touches a browser or the network, so a saved result can be
// judged again anywhere.
//
// Every check is a Check value with stable metadata and a function; All
// lists them in the order they run. Run judges a result with all of them
// and Summarize counts the findings.
package checks

import (
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// Group says what a check judges.
type Group string

// The groups, in the order docs/checks.md lists them.
const (
	GroupClaim       Group = "claim"       // one finding per policy claim of its kinds
	GroupUndisclosed Group = "undisclosed" // what the site does that no claim discloses
	GroupConsent     Group = "consent"     // what the site does before and after the visitor answers the banner
	GroupPolicy      Group = "policy"      // the policy itself
	GroupHygiene     Group = "hygiene"     // security hygiene, independent of the policy
)

// Check is one judgement with its metadata.
//
// Judge returns findings whose ID holds only the subject (a claim's
// offset, an organisation, or "" for a check with one finding) and whose
// Check, Title and Severity may be left empty: Run completes them from
// the Check, so IDs are always "<Check.ID>" or "<Check.ID>/<subject>".
type Check struct {
	ID          string          // stable, e.g. CANDOR-CLAIM-NO-ANALYTICS
	Title       string          // short, for a report's table
	Group       Group           // what it judges
	Severity    result.Severity // of a broken claim or failed test
	Claims      []string        // the claim kinds it judges (GroupClaim)
	Rationale   string          // why it matters
	Remediation string          // what to do when it fails
	// Rule states the verdict rule, for docs/checks.md.
	Rule string
	// Observatory states Mozilla HTTP Observatory's rule for the same test
	// (hygiene checks), or why it has none; "" when not applicable.
	Observatory string
	Judge       func(*Input) []result.Finding
}

// complete fills what Judge left empty and makes the ID stable.
func (c Check) complete(f result.Finding) result.Finding {
	subject := f.ID
	f.ID = c.ID
	if subject != "" {
		f.ID += "/" + subject
	}
	f.Check = c.ID
	if f.Title == "" {
		f.Title = c.Title
	}
	if f.Severity == "" {
		switch f.Outcome {
		case result.OutcomeBroken, result.OutcomeFail:
			f.Severity = c.Severity
		default:
			f.Severity = result.SeverityInfo
		}
	}
	if f.Evidence == nil {
		f.Evidence = []result.Evidence{}
	}
	return f
}

// Run judges r with every check in All, in order, and returns the
// findings. It does not modify r. The order of findings is deterministic:
// checks in registry order, and within a check claims in policy order,
// organisations by name.
func Run(r *result.Result, opts Options) []result.Finding {
	in, err := NewInput(r, opts)
	if err != nil {
		return []result.Finding{{
			ID: "CANDOR-CHECKS", Check: "CANDOR-CHECKS", Title: "Judgement could not run",
			Severity: result.SeverityHigh, Outcome: result.OutcomeError,
			Evidence: []result.Evidence{}, Message: err.Error(),
		}}
	}
	return RunChecks(in, All())
}

// RunChecks judges in with the given checks, in order.
func RunChecks(in *Input, list []Check) []result.Finding {
	var out []result.Finding
	seen := map[string]int{}
	for _, c := range list {
		for _, f := range c.Judge(in) {
			f = c.complete(f)
			if n := seen[f.ID]; n > 0 {
				seen[f.ID] = n + 1
				f.ID = fmt.Sprintf("%s~%d", f.ID, n+1)
			} else {
				seen[f.ID] = 1
			}
			out = append(out, f)
		}
	}
	if out == nil {
		out = []result.Finding{}
	}
	return out
}

// ByID returns the registered check with id.
func ByID(id string) (Check, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// slug makes a subject safe and stable inside a finding ID.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
