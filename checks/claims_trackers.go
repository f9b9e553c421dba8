package checks

import (
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
)

const frameNote = "made by an embedded iframe, not by the page itself"

// purposeSet and categorySet are small membership tests.
type purposeSet map[string]bool
type categorySet map[string]bool

var (
	analyticsCategories = categorySet{entities.Analytics: true, entities.SessionRecording: true}
	analyticsPurposes   = purposeSet{cookies.PurposeAnalytics: true, cookies.PurposeSessionRecording: true}
	adCategories        = categorySet{entities.Advertising: true}
	adPurposes          = purposeSet{cookies.PurposeAdvertising: true}
	identifierPurposes  = purposeSet{cookies.PurposeAnalytics: true, cookies.PurposeAdvertising: true, cookies.PurposeSessionRecording: true}
)

// breakers remembers which organisations and sites a judge found breaking
// requests to, so a third-party cookie from the same source can be tied
// to them.
type breakers struct {
	orgs, sites map[string]bool
}

func (b *breakers) add(ri reqInfo) {
	if b.orgs == nil {
		b.orgs, b.sites = map[string]bool{}, map[string]bool{}
	}
	if ri.known {
		b.orgs[ri.ent.Name] = true
	}
	b.sites[siteOf(ri.req)] = true
}

func (b *breakers) ties(ent entities.Entity, known bool, domain string) bool {
	return known && b.orgs[ent.Name] || b.sites[party.Site(domain)]
}

func siteOf(q *result.Request) string {
	if q.Site != "" {
		return q.Site
	}
	return party.Site(q.Host)
}

// judgeCategory is the rule shared by no-analytics and no-advertising:
// requests the page makes to an organisation of the categories break the
// claim, as do first-party cookies and storage keys of the purposes and
// third-party ones from a breaking organisation. The same seen only inside
// an embedded iframe, or third-party cookies with no request to tie them
// to, are ambiguous. ambiguousCats and ambiguousPurposes add sources that
// only ever make the claim unverifiable.
func judgeCategory(in *Input, cats categorySet, purposes purposeSet, ambiguousCats categorySet, ambiguousPurposes purposeSet) decision {
	var d decision
	var b breakers
	for _, ri := range in.reqs {
		if !ri.third {
			continue
		}
		cat := ri.ent.Category
		switch {
		case ri.known && cats[cat] && in.inDisclosedFrame(ri):
			d.listed.request(ri, "inside the disclosed embed "+ri.frameOrg)
		case ri.known && cats[cat] && ri.inFrame:
			d.ambiguous.request(ri, frameNote)
		case ri.known && cats[cat]:
			d.breaking.request(ri, "")
			b.add(ri)
		case ri.known && ambiguousCats[cat] && !ri.inFrame:
			d.ambiguous.request(ri, "a "+cat+" can load such services")
		case !ri.known && ri.req.Tracking:
			d.ambiguous.request(ri, "unidentified host listed by the filter list")
		}
	}
	for _, ci := range in.cookies {
		switch {
		case purposes[ci.purpose] && (!ci.third || b.ties(ci.ent, ci.known, ci.c.Domain)):
			d.breaking.cookie(ci, "")
		case purposes[ci.purpose] && in.setByPageRequest(ci):
			d.breaking.cookie(ci, "set by the response to a request the page itself made")
		case purposes[ci.purpose] && ci.known && in.disclosedBy(ci.ent) != nil:
			d.listed.cookie(ci, "third-party cookie of a disclosed organisation, with no request from the page to it")
		case purposes[ci.purpose]:
			d.ambiguous.cookie(ci, "third-party cookie with no request from the page to its owner")
		case ambiguousPurposes[ci.purpose]:
			d.ambiguous.cookie(ci, "")
		}
	}
	for _, si := range in.storage {
		switch {
		case purposes[si.purpose] && !si.third:
			d.breaking.storage(si, "")
		case purposes[si.purpose]:
			d.ambiguous.storage(si, "in an embedded frame's storage")
		}
	}
	return d
}

func judgeNoAnalytics(in *Input, _ result.Claim) verdict {
	d := judgeCategory(in, analyticsCategories, analyticsPurposes, categorySet{entities.TagManager: true}, nil)
	return d.verdict(in, result.OutcomeKept,
		"Analytics was seen: %s.",
		"Possible analytics was seen (%s); a person must judge.",
		"",
		"No analytics service, cookie or storage key was seen on %s.")
}

func judgeNoAdvertising(in *Input, _ result.Claim) verdict {
	d := judgeCategory(in, adCategories, adPurposes, nil, purposeSet{cookies.PurposeMarketing: true})
	adPixelBeacons(in, &d)
	return d.verdict(in, result.OutcomeKept,
		"Advertising was seen: %s.",
		"Possible advertising was seen (%s); a person must judge.",
		"",
		"No advertising service, cookie or storage key was seen on %s.")
}

// judgeNoTracking breaks the claim with what follows a person: requests to
// advertisers and session recorders, analytics or social requests whose
// organisation also set an identifier (cookie or storage key), and
// identifier cookies and keys themselves, fingerprinting and session
// recording by any party, and typed text sent to a third party. Cookieless
// aggregate analytics (Plausible-style) alone gives info, for a person to
// judge.
func judgeNoTracking(in *Input, _ result.Claim) verdict {
	idOrgs := map[string]bool{}
	idSites := map[string]bool{}
	for _, ci := range in.cookies {
		if identifierPurposes[ci.purpose] || ci.third && ci.purpose != cookies.PurposeEssential {
			if ci.known {
				idOrgs[ci.ent.Name] = true
			}
			if ci.third {
				idSites[party.Site(ci.c.Domain)] = true
			}
		}
	}
	for _, si := range in.storage {
		if identifierPurposes[si.purpose] && si.known {
			idOrgs[si.ent.Name] = true
		}
	}
	hasID := func(ri reqInfo) bool { return ri.known && idOrgs[ri.ent.Name] || idSites[siteOf(ri.req)] }

	var d decision
	var b breakers
	for _, ri := range in.reqs {
		if !ri.third {
			continue
		}
		cat := ri.ent.Category
		tracker := ri.known && (cat == entities.Advertising || cat == entities.SessionRecording ||
			cat == entities.Analytics || cat == entities.Social)
		switch {
		case tracker && in.inDisclosedFrame(ri):
			d.listed.request(ri, "inside the disclosed embed "+ri.frameOrg)
		case tracker && ri.inFrame:
			d.ambiguous.request(ri, frameNote)
		case ri.known && (cat == entities.Advertising || cat == entities.SessionRecording):
			d.breaking.request(ri, "")
			b.add(ri)
		case ri.known && (cat == entities.Analytics || cat == entities.Social) && hasID(ri):
			d.breaking.request(ri, "and it set an identifier")
			b.add(ri)
		case ri.known && cat == entities.Analytics && ri.ent.Cookieless:
			d.notes.request(ri, "cookieless aggregate analytics; no identifier seen")
		case ri.known && cat == entities.Analytics:
			d.ambiguous.request(ri, "analytics; no identifier seen")
		case ri.known && cat == entities.Social:
			d.ambiguous.request(ri, "social widget or pixel; no identifier seen")
		case !ri.known && ri.req.Tracking:
			d.ambiguous.request(ri, "unidentified host listed by the filter list")
		}
	}
	for _, ci := range in.cookies {
		switch {
		case identifierPurposes[ci.purpose] && (!ci.third || b.ties(ci.ent, ci.known, ci.c.Domain)):
			d.breaking.cookie(ci, "an identifier")
		case identifierPurposes[ci.purpose] && ci.known && in.disclosedBy(ci.ent) != nil:
			d.listed.cookie(ci, "third-party identifier of a disclosed organisation, with no request from the page to it")
		case identifierPurposes[ci.purpose]:
			d.ambiguous.cookie(ci, "third-party identifier with no request from the page to its owner")
		}
	}
	for _, si := range in.storage {
		switch {
		case identifierPurposes[si.purpose] && !si.third:
			d.breaking.storage(si, "an identifier")
		case identifierPurposes[si.purpose]:
			d.ambiguous.storage(si, "in an embedded frame's storage")
		}
	}
	for _, bi := range in.behaviours {
		if followsPerson(bi) {
			d.breaking.behaviour(bi, "")
		}
	}
	fp := ""
	if !in.watched() {
		fp = " This result was gathered without watching fingerprinting and typed text (an older scan)."
	}
	adPixelBeacons(in, &d)
	return d.verdict(in, result.OutcomeInfo,
		"Tracking was seen: %s."+fp,
		"Possible tracking was seen (%s); a person must judge."+fp,
		"Only cookieless aggregate analytics was seen (%s): no identifier follows a person, but a person should judge."+fp,
		"No advertising, session recording, social pixel or identifying analytics was seen on %s."+fp)
}

// judgeNoThirdPartyScripts breaks the claim with a script the page loads
// from an identified organisation the policy does not disclose. Scripts of
// disclosed organisations and of disclosed embeds are listed; scripts from
// unidentified hosts, and those inside undisclosed iframes, are ambiguous.
func judgeNoThirdPartyScripts(in *Input, _ result.Claim) verdict {
	var d decision
	for _, ri := range in.reqs {
		if !ri.third || ri.req.ResourceType != "Script" {
			continue
		}
		switch {
		case in.inDisclosedFrame(ri):
			d.listed.request(ri, "inside the disclosed embed "+ri.frameOrg)
		case ri.inFrame:
			d.ambiguous.request(ri, "loaded inside an iframe of "+ri.frameOrg+", not by the page")
		case !ri.known:
			d.ambiguous.request(ri, "unidentified host; if it is the site's own, scan with --first-party "+siteOf(ri.req))
		case in.disclosedBy(ri.ent) != nil:
			d.notes.request(ri, "disclosed by the policy")
		default:
			d.breaking.request(ri, "not disclosed by the policy")
		}
	}
	return d.verdict(in, result.OutcomeKept,
		"Scripts from undisclosed third parties were loaded: %s.",
		"Third-party scripts whose source Candor cannot place were loaded (%s); a person must judge.",
		"Only scripts of third parties the policy discloses were loaded (%s).",
		"No third-party script was loaded on %s.")
}

// judgeDisclosesThirdParty is kept when the named organisation was seen,
// and info when it was not: a disclosure is never broken.
func judgeDisclosesThirdParty(in *Input, c result.Claim) verdict {
	if c.Subject == "" {
		return verdict{outcome: result.OutcomeUnverifiable, message: "The claim names no organisation."}
	}
	direct, framed := seenOrg(in, c.Subject)
	if direct.empty() && framed.empty() {
		return verdict{outcome: result.OutcomeInfo,
			message: fmt.Sprintf("The policy discloses %s; it was not seen on %s.", c.Subject, in.pagesPhrase())}
	}
	names := direct.names(5)
	if direct.empty() {
		names = framed.names(5)
	}
	return verdict{outcome: result.OutcomeKept, evidence: append(direct.list(), framed.list()...),
		message: fmt.Sprintf("The policy discloses %s, and it was seen: %s.", c.Subject, names)}
}

// judgeDeniesThirdParty: "We do not use Google Analytics" is broken by the
// page's own requests to that organisation or by its cookies; requests
// made only inside another organisation's iframe leave it unverifiable.
func judgeDeniesThirdParty(in *Input, c result.Claim) verdict {
	if c.Subject == "" {
		return verdict{outcome: result.OutcomeUnverifiable, message: "The claim names no organisation."}
	}
	direct, framed := seenOrg(in, c.Subject)
	switch {
	case !direct.empty():
		return verdict{outcome: result.OutcomeBroken, evidence: direct.list(),
			message: fmt.Sprintf("The policy says %s is not used, but it was seen: %s.", c.Subject, direct.names(5))}
	case !framed.empty():
		return verdict{outcome: result.OutcomeUnverifiable, evidence: framed.list(),
			message: fmt.Sprintf("%s was contacted only from inside embedded frames; a person should judge whether the site uses it.", c.Subject)}
	}
	return verdict{outcome: result.OutcomeKept,
		message: fmt.Sprintf("%s was not seen on %s.", c.Subject, in.pagesPhrase())}
}

// seenOrg collects the requests and cookies of the organisation named by
// subject: direct holds the page's own, framed the requests made inside an
// iframe of that organisation's embed.
func seenOrg(in *Input, subject string) (direct, framed evidenceList) {
	match := map[string]bool{}
	matches := func(e entities.Entity) bool {
		key := e.Name + "\x00" + e.Company
		m, ok := match[key]
		if !ok {
			m = entities.Matches(subject, e)
			match[key] = m
		}
		return m
	}
	for _, ri := range in.reqs {
		switch {
		case ri.known && matches(ri.ent) && !ri.inFrame:
			direct.request(ri, "")
		case ri.known && matches(ri.ent):
			framed.request(ri, frameNote)
		case ri.inFrame && ri.frameKnown && matches(ri.frameEnt):
			framed.request(ri, "inside its iframe")
		}
	}
	for _, ci := range in.cookies {
		if ci.known && matches(ci.ent) {
			direct.cookie(ci, "")
		}
	}
	return direct, framed
}

// setByPageRequest reports whether a cookie came in a Set-Cookie header
// from a host the page itself (not an embedded frame) requested: concrete
// evidence that the page caused it, whatever the organisation's category.
func (in *Input) setByPageRequest(ci cookieInfo) bool {
	if ci.c.SetBy.Kind != result.SetByHeader || ci.c.SetBy.Host == "" {
		return false
	}
	for _, ri := range in.reqs {
		if !ri.inFrame && ri.req.Host == ci.c.SetBy.Host {
			return true
		}
	}
	return false
}

// adPixelVendors are the decoded beacons that are advertising pixels: a
// conversion or audience hit for an ad platform, whatever the platform's
// organisation is filed under (Facebook is "social").
var adPixelVendors = map[string]bool{"facebook-pixel": true, "google-ads": true, "tiktok": true, "linkedin": true}

// adPixelBeacons adds the page's own advertising-pixel hits to the
// breaking evidence: a decoded pixel is concrete proof of advertising and
// of following a person.
func adPixelBeacons(in *Input, d *decision) {
	for _, b := range in.Result.Beacons {
		if !adPixelVendors[b.Vendor] {
			continue
		}
		for _, ri := range in.reqs {
			if ri.req.URL != b.URL || ri.inFrame || !ri.third {
				continue
			}
			detail := b.Vendor + " hit"
			if b.ID != "" {
				detail += ", id " + b.ID
			}
			if len(b.Events) > 0 {
				detail += ", events " + strings.Join(b.Events, ", ")
			}
			d.breaking.request(ri, detail)
			break
		}
	}
}
