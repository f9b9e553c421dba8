package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
)

// categorySeverity ranks what an undisclosed organisation does.
func categorySeverity(category string) result.Severity {
	switch category {
	case entities.Advertising, entities.Analytics, entities.SessionRecording:
		return result.SeverityHigh
	case entities.Social, entities.Marketing, entities.TagManager, entities.CustomerSuccess, entities.Video:
		return result.SeverityMedium
	}
	return result.SeverityLow
}

// purposeCategory maps a cookie purpose to the category whose severity it
// shares.
func purposeCategory(purpose string) string {
	switch purpose {
	case cookies.PurposeAdvertising:
		return entities.Advertising
	case cookies.PurposeAnalytics:
		return entities.Analytics
	case cookies.PurposeSessionRecording:
		return entities.SessionRecording
	case cookies.PurposeMarketing:
		return entities.Marketing
	}
	return ""
}

var severityRank = map[result.Severity]int{result.SeverityInfo: 0, result.SeverityLow: 1, result.SeverityMedium: 2, result.SeverityHigh: 3, result.SeverityCritical: 4}

// undisclosedGroup gathers one organisation's undisclosed practice.
type undisclosedGroup struct {
	org        string
	categories map[string]bool
	severity   result.Severity
	ev         evidenceList
	onlyFrame  bool // every request came from inside an embedded iframe
	requests   int
}

// judgeUndisclosed groups, by organisation (the company when known), every
// third-party organisation the browser contacted and every non-essential
// cookie or storage key that no claim discloses.
func judgeUndisclosed(in *Input) []result.Finding {
	groups := map[string]*undisclosedGroup{}
	get := func(org string) *undisclosedGroup {
		g, ok := groups[org]
		if !ok {
			g = &undisclosedGroup{org: org, categories: map[string]bool{}, severity: result.SeverityLow, onlyFrame: true}
			groups[org] = g
		}
		return g
	}
	raise := func(g *undisclosedGroup, category string) {
		if category != "" {
			g.categories[category] = true
		}
		if s := categorySeverity(category); severityRank[s] > severityRank[g.severity] {
			g.severity = s
		}
	}
	for _, ri := range in.reqs {
		if !ri.third || in.inDisclosedFrame(ri) {
			continue
		}
		var org string
		if ri.known {
			if in.disclosedBy(ri.ent) != nil {
				continue
			}
			org = ri.ent.Org()
		} else {
			org = siteOf(ri.req)
		}
		if org == "" {
			continue
		}
		g := get(org)
		g.requests++
		if !ri.inFrame {
			g.onlyFrame = false
		}
		raise(g, ri.ent.Category)
		g.ev.request(ri, "")
	}
	for _, ci := range in.cookies {
		nonEssential := cookies.NonEssential(ci.purpose)
		if in.cookieDisclosed(ci.c.Name) || ci.known && in.disclosedBy(ci.ent) != nil {
			continue
		}
		org := party.Site(ci.c.Domain)
		if ci.known {
			org = ci.ent.Org()
		}
		switch {
		case nonEssential:
			g := get(org)
			raise(g, purposeCategory(ci.purpose))
			if !ci.third {
				g.onlyFrame = false
			}
			g.ev.cookie(ci, "")
		case ci.third && groups[org] != nil:
			groups[org].ev.cookie(ci, "")
		}
	}
	for _, si := range in.storage {
		if !cookies.NonEssential(si.purpose) || !si.known || in.disclosedBy(si.ent) != nil {
			continue
		}
		g := get(si.ent.Org())
		raise(g, purposeCategory(si.purpose))
		g.ev.storage(si, "")
	}

	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]result.Finding, 0, len(names))
	for _, n := range names {
		g := groups[n]
		cats := make([]string, 0, len(g.categories))
		for c := range g.categories {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		what := "an unidentified third party"
		if len(cats) > 0 {
			what = strings.Join(cats, ", ")
		}
		f := result.Finding{ID: slug(n), Title: "Undisclosed: " + n, Evidence: g.ev.list(), Severity: g.severity}
		switch {
		case g.onlyFrame && g.requests > 0:
			f.Outcome, f.Severity = result.OutcomeInfo, result.SeverityLow
			f.Message = fmt.Sprintf("%s (%s) was contacted only from inside an embedded iframe, and the policy does not mention it.", n, what)
		case g.severity == result.SeverityLow:
			f.Outcome = result.OutcomeInfo
			f.Message = fmt.Sprintf("%s (%s) was contacted, and the policy does not mention it.", n, what)
		default:
			f.Outcome = result.OutcomeFail
			f.Message = fmt.Sprintf("%s (%s) receives visitors' data, and the policy does not mention it.", n, what)
		}
		out = append(out, f)
	}
	return out
}

func judgePolicyMissing(in *Input) []result.Finding {
	p := in.Result.Policy
	switch {
	case p.FoundBy == "none" || p.URL == "":
		return []result.Finding{{Outcome: result.OutcomeFail,
			Message: "No privacy policy was found, so no claim could be read; every third party and cookie is undisclosed."}}
	case len(p.Claims) == 0:
		return []result.Finding{{Outcome: result.OutcomeInfo,
			Evidence: []result.Evidence{{Kind: EvPolicy, URL: p.URL, Detail: "found by " + p.FoundBy}},
			Message:  "A privacy policy was found, but no claim could be read from it."}}
	}
	return []result.Finding{{Outcome: result.OutcomePass,
		Evidence: []result.Evidence{{Kind: EvPolicy, URL: p.URL, Detail: "found by " + p.FoundBy}},
		Message:  fmt.Sprintf("Privacy policy found at %s; %d claims read.", p.URL, len(p.Claims))}}
}
