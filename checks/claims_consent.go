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

// The consent phases of a result (Request.Phase and the others). An
// observation without a phase belongs to the landed phase.
const (
	PhaseLanded = "landed" // loaded with no interaction
	PhaseReject = "reject" // after "Reject all" on the banner
	PhaseAccept = "accept" // after "Accept all"
	PhaseGPC    = "gpc"    // with Global Privacy Control and Do Not Track on
)

// The IDs of the consent and behaviour findings, which need no claim.
const (
	IDConsentBefore       = "CANDOR-CONSENT-BEFORE"
	IDConsentAfterReject  = "CANDOR-CONSENT-AFTER-REJECT"
	IDNoRejectButton      = "CANDOR-CONSENT-NO-REJECT"
	IDUndisclosedBehavior = "CANDOR-UNDISCLOSED-BEHAVIOUR"
)

// The behaviour kinds of result.Behaviour.Kind.
const (
	BehaviourCanvas     = "canvas-fingerprinting"
	BehaviourCanvasFont = "canvas-font-fingerprinting"
	BehaviourWebGL      = "webgl-fingerprinting"
	BehaviourAudio      = "audio-fingerprinting"
	BehaviourRecorder   = "session-recording"
	BehaviourKeyLogging = "key-logging"
)

// EvBehaviour and EvConsent are the evidence kinds of behaviours and of the
// cookie banner.
const (
	EvBehaviour = "behaviour"
	EvConsent   = "consent"
)

// phaseName returns the phase of an observation, PhaseLanded for "".
func phaseName(p string) string {
	if p == "" {
		return PhaseLanded
	}
	return p
}

// fingerprinting reports whether a behaviour kind is fingerprinting.
func fingerprinting(kind string) bool {
	switch kind {
	case BehaviourCanvas, BehaviourCanvasFont, BehaviourWebGL, BehaviourAudio:
		return true
	}
	return false
}

// watched says whether the scan watched behaviour (fingerprinting APIs,
// typed text): results that list the phases they ran did.
func (in *Input) watched() bool { return len(in.Result.Options.Phases) > 0 }

// consentPhase returns the consent phase named name and whether it ran.
func (in *Input) consentPhase(name string) (result.ConsentPhase, bool) {
	if c := in.Result.Consent; c != nil {
		for _, p := range c.Phases {
			if p.Name == name {
				return p, true
			}
		}
	}
	return result.ConsentPhase{}, false
}

// rejected says whether the reject phase answered the banner.
func (in *Input) rejected() bool {
	p, ok := in.consentPhase(PhaseReject)
	return ok && p.Clicked != ""
}

// phaseLoaded says whether a page of the phase loaded.
func (in *Input) phaseLoaded(phase string) bool {
	for _, p := range in.Result.Pages {
		if phaseName(p.Phase) == phase && p.Error == "" && (p.Status == 0 || p.Status < 400) {
			return true
		}
	}
	return false
}

func behaviourEvidence(bi behaviourInfo, detail string) result.Evidence {
	b := bi.b
	d := b.Kind
	if b.Detail != "" {
		d += ": " + b.Detail
	}
	if bi.third {
		d += "; third-party"
	} else {
		d += "; first-party"
	}
	if b.Frame != "" {
		d += ", in the frame " + b.Frame
	}
	if bi.phase != PhaseLanded {
		d += "; " + phaseNote(bi.phase)
	}
	if detail != "" {
		d += "; " + detail
	}
	ev := result.Evidence{Kind: EvBehaviour, URL: b.Script, Host: b.Host, Page: b.Page, Name: b.Kind, Detail: d}
	if bi.known {
		ev.Org = bi.ent.Name
	}
	return ev
}

// phaseNote describes a phase for an evidence detail.
func phaseNote(phase string) string {
	switch phase {
	case PhaseReject:
		return "after Reject all"
	case PhaseAccept:
		return "after Accept all"
	case PhaseGPC:
		return "with Global Privacy Control on"
	}
	return "before any interaction"
}

func (l *evidenceList) behaviour(bi behaviourInfo, detail string) {
	key := "b\x00" + bi.b.Kind + "\x00" + bi.b.Script + "\x00" + bi.b.Host + "\x00" + bi.phase
	if !l.seen(key) {
		l.put(key, behaviourEvidence(bi, detail))
	}
}

// tracking sorts what a phase shows into evidence that something followed
// the visitor (breaking) and evidence a person must judge (ambiguous):
// requests the page made to advertising, analytics (not cookieless),
// social and session-recording organisations; non-essential cookies;
// identifier storage keys; fingerprinting and session recording by any
// party; typed text sent to a third party. Requests inside an embed's
// iframe, unidentified hosts on the filter list and identifier keys in a
// third party's storage are ambiguous. Tag managers and consent platforms
// do not count: sites load them before the answer by design. keep, when
// set, says which organisations (or sites) to count; orgs returns the
// organisations of the breaking evidence.
func (in *Input) tracking(keep func(org string) bool, phases ...string) (d decision, orgs map[string]bool) {
	want := map[string]bool{}
	for _, p := range phases {
		want[p] = true
	}
	orgs = map[string]bool{}
	counts := func(org string) bool {
		if keep != nil && !keep(org) {
			return false
		}
		orgs[org] = true
		return true
	}
	for _, ri := range in.reqs {
		if !want[ri.phase] || !ri.third {
			continue
		}
		cat := ri.ent.Category
		tracker := ri.known && (cat == entities.Advertising || cat == entities.SessionRecording || cat == entities.Social ||
			cat == entities.Analytics && !ri.ent.Cookieless)
		switch {
		case tracker && ri.inFrame:
			d.ambiguous.request(ri, frameNote+phaseSuffix(ri.phase))
		case tracker:
			if counts(ri.ent.Name) {
				d.breaking.request(ri, phaseNote(ri.phase))
			}
		case !ri.known && ri.req.Tracking:
			d.ambiguous.request(ri, "unidentified host listed by the filter list"+phaseSuffix(ri.phase))
		}
	}
	for _, ci := range in.cookies {
		if !want[ci.phase] || !cookies.NonEssential(ci.purpose) {
			continue
		}
		org := party.Site(ci.c.Domain)
		if ci.known {
			org = ci.ent.Name
		}
		if counts(org) {
			d.breaking.cookie(ci, phaseNote(ci.phase))
		}
	}
	for _, si := range in.storage {
		if !want[si.phase] || !identifierPurposes[si.purpose] {
			continue
		}
		if si.third {
			d.ambiguous.storage(si, "in an embedded frame's storage"+phaseSuffix(si.phase))
			continue
		}
		org := si.s.Origin
		if si.known {
			org = si.ent.Name
		}
		if counts(org) {
			d.breaking.storage(si, phaseNote(si.phase))
		}
	}
	for _, bi := range in.behaviours {
		if !want[bi.phase] || !followsPerson(bi) {
			continue
		}
		org := bi.b.Host
		if bi.known {
			org = bi.ent.Name
		}
		if counts(org) {
			d.breaking.behaviour(bi, "")
		}
	}
	return d, orgs
}

// followsPerson says whether a behaviour follows a person: fingerprinting
// and session recording by anyone, typed text sent to a third party.
func followsPerson(bi behaviourInfo) bool {
	switch {
	case fingerprinting(bi.b.Kind), bi.b.Kind == BehaviourRecorder:
		return true
	case bi.b.Kind == BehaviourKeyLogging:
		return bi.third
	}
	return false
}

func phaseSuffix(phase string) string {
	if phase == PhaseLanded {
		return ""
	}
	return "; " + phaseNote(phase)
}

// judgeConsentBeforeTracking breaks the claim with tracking before any
// interaction or after "Reject all".
func judgeConsentBeforeTracking(in *Input, _ result.Claim) verdict {
	phases := []string{PhaseLanded}
	how := "before any interaction"
	if in.rejected() {
		phases = append(phases, PhaseReject)
		how = "before any interaction or after Reject all"
	}
	d, _ := in.tracking(nil, phases...)
	v := d.verdict(in, result.OutcomeKept,
		"Tracking ran "+how+": %s.",
		"Possible tracking ran "+how+" (%s); a person must judge.",
		"",
		"No tracker, non-essential cookie or fingerprinting was seen "+how+" on %s.")
	if note := in.consentNote(); note != "" {
		v.message += " " + note
	}
	return v
}

// consentNote says what the scan could and could not do with the banner.
func (in *Input) consentNote() string {
	c := in.Result.Consent
	switch {
	case c == nil:
		return "The scan did not look at the cookie banner (consent phases off), so only the page as landed was judged."
	case c.Banner == nil:
		return "No cookie banner was found, so there was nothing to answer."
	case !in.rejected():
		p, _ := in.consentPhase(PhaseReject)
		if p.Error != "" {
			return "The banner could not be rejected (" + p.Error + "), so only the page as landed was judged."
		}
		return "The banner was not rejected, so only the page as landed was judged."
	}
	return ""
}

// judgeHonorsGPC compares the trackers of the gpc phase with those of the
// landed phase: a tracker that ran both with and without the signals
// breaks the claim; one that ran only with them is for a person to judge.
func judgeHonorsGPC(in *Input, _ result.Claim) verdict {
	if _, ok := in.consentPhase(PhaseGPC); !ok || !in.phaseLoaded(PhaseGPC) {
		return verdict{outcome: result.OutcomeUnverifiable,
			message: "The page was not loaded with Global Privacy Control and Do Not Track on (scan with --gpc), so there is nothing to compare."}
	}
	_, landed := in.tracking(nil, PhaseLanded)
	d, _ := in.tracking(func(org string) bool { return landed[org] }, PhaseGPC)
	fresh, freshOrgs := in.tracking(func(org string) bool { return !landed[org] }, PhaseGPC)
	for _, ev := range fresh.breaking.list() {
		d.ambiguous.put(fmt.Sprintf("fresh\x00%d", len(d.ambiguous.items)), ev)
	}
	v := d.verdict(in, result.OutcomeKept,
		"Trackers still ran with Global Privacy Control and Do Not Track on, as they did without: %s.",
		"With the signals on, trackers ran that did not run without them, or whose nature a person must judge (%s).",
		"", "%s")
	if v.outcome == result.OutcomeKept {
		v.message = "No tracker ran on the landing page loaded with Global Privacy Control and Do Not Track on"
		if len(landed) > 0 {
			v.message += fmt.Sprintf("; without the signals, %s did.", strings.Join(firstN(sortedKeys(landed), 5), ", "))
		} else {
			v.message += "; none ran without them either."
		}
	}
	if len(freshOrgs) > 0 && v.outcome == result.OutcomeBroken {
		v.message += fmt.Sprintf(" Also seen only with the signals: %s.", strings.Join(firstN(sortedKeys(freshOrgs), 5), ", "))
	}
	return v
}

// judgeNoFingerprinting breaks the claim with any fingerprinting behaviour,
// whoever's script, in any phase.
func judgeNoFingerprinting(in *Input, _ result.Claim) verdict {
	if !in.watched() {
		return verdict{outcome: result.OutcomeUnverifiable,
			message: "This result was gathered without watching fingerprinting APIs (an older scan), so the claim cannot be judged."}
	}
	var d decision
	for _, bi := range in.behaviours {
		if fingerprinting(bi.b.Kind) {
			d.breaking.behaviour(bi, "")
		}
	}
	return d.verdict(in, result.OutcomeKept,
		"Fingerprinting was seen: %s.", "", "",
		"No canvas, font, WebGL or audio fingerprinting was seen on %s.")
}

// judgeTrackingBeforeConsent reports tracking before any interaction with
// the banner, whatever the policy says.
func judgeTrackingBeforeConsent(in *Input) []result.Finding {
	if in.Result.Consent == nil || !in.scanned() {
		return nil
	}
	d, _ := in.tracking(nil, PhaseLanded)
	return []result.Finding{consentFinding(in, d, "before any interaction with the cookie banner", in.Result.Consent.Banner != nil)}
}

// judgeTrackingAfterReject reports tracking after "Reject all".
func judgeTrackingAfterReject(in *Input) []result.Finding {
	if !in.rejected() {
		return nil
	}
	d, _ := in.tracking(nil, PhaseReject)
	return []result.Finding{consentFinding(in, d, "after Reject all", true)}
}

// consentFinding turns the tracking of a phase into a fail, info (only
// ambiguous evidence) or pass finding.
func consentFinding(in *Input, d decision, when string, banner bool) result.Finding {
	switch {
	case !d.breaking.empty():
		msg := fmt.Sprintf("Tracking ran %s: %s.", when, d.breaking.names(5))
		if !banner {
			msg += " The site shows no cookie banner, so no consent was asked for."
		}
		return result.Finding{Outcome: result.OutcomeFail, Message: msg, Evidence: append(d.breaking.list(), d.ambiguous.list()...)}
	case !d.ambiguous.empty():
		return result.Finding{Outcome: result.OutcomeInfo, Evidence: d.ambiguous.list(),
			Message: fmt.Sprintf("Possible tracking ran %s (%s); a person must judge.", when, d.ambiguous.names(5))}
	}
	if frames := in.isolatedFrames(); len(frames) > 0 {
		return result.Finding{Outcome: result.OutcomeUnverifiable, Message: fmt.Sprintf(
			"No tracker, non-essential cookie or fingerprinting was seen %s, but the browser ran %d cross-site frames out of sight (site isolation): %s.",
			when, len(frames), strings.Join(frames[:min(len(frames), 5)], ", "))}
	}
	return result.Finding{Outcome: result.OutcomePass, Message: fmt.Sprintf("No tracker, non-essential cookie or fingerprinting was seen %s.", when)}
}

// judgeNoRejectButton fails a banner whose first layer offers no way to
// refuse.
func judgeNoRejectButton(in *Input) []result.Finding {
	c := in.Result.Consent
	if c == nil || c.Banner == nil {
		return nil
	}
	b := c.Banner
	where := b.Platform + " banner, found by " + b.FoundBy
	if b.Frame != "" {
		where += " in the frame " + b.Frame
	}
	if b.InShadow {
		where += " in a shadow root"
	}
	ev := []result.Evidence{{Kind: EvConsent, Name: b.Platform, URL: b.Frame, Value: b.Reject, Detail: where + "; accept button: " + quoteOr(b.Accept) + ", reject button: " + quoteOr(b.Reject)}}
	if b.Reject != "" {
		return []result.Finding{{Outcome: result.OutcomePass, Evidence: ev,
			Message: fmt.Sprintf("The banner's first layer offers %q beside %q.", b.Reject, b.Accept)}}
	}
	return []result.Finding{{Outcome: result.OutcomeFail, Evidence: ev,
		Message: fmt.Sprintf("The banner's first layer offers %s but no way to refuse: rejecting must be as easy as accepting.", quoteOr(b.Accept))}}
}

func quoteOr(s string) string {
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", s)
}

// judgeUndisclosedBehaviour reports fingerprinting, session recording and
// typed text sent to a third party, grouped by kind and organisation (or
// host). A behaviour of an organisation the policy discloses is info: the
// company is named, the practice is not. Session recording by a disclosed
// recorder, and typed text sent to the site itself, are not reported.
func judgeUndisclosedBehaviour(in *Input) []result.Finding {
	type group struct {
		kind, org string
		disclosed bool
		ev        evidenceList
	}
	groups := map[string]*group{}
	for _, bi := range in.behaviours {
		if !followsPerson(bi) {
			continue
		}
		org := bi.b.Host
		if org == "" {
			org = hostOfURL(bi.b.Page)
		}
		disclosed := false
		if bi.known {
			org = bi.ent.Org()
			disclosed = in.disclosedBy(bi.ent) != nil
		}
		if disclosed && bi.b.Kind == BehaviourRecorder {
			continue
		}
		key := bi.b.Kind + "\x00" + org
		g := groups[key]
		if g == nil {
			g = &group{kind: bi.b.Kind, org: org, disclosed: disclosed}
			groups[key] = g
		}
		g.ev.behaviour(bi, "")
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []result.Finding
	for _, k := range keys {
		g := groups[k]
		f := result.Finding{ID: slug(g.kind + " " + g.org), Title: "Undisclosed " + strings.ReplaceAll(g.kind, "-", " ") + ": " + g.org, Evidence: g.ev.list()}
		if g.disclosed {
			f.Outcome, f.Severity = result.OutcomeInfo, result.SeverityLow
			f.Message = fmt.Sprintf("%s does %s; the policy names %s but not this practice.", g.org, strings.ReplaceAll(g.kind, "-", " "), g.org)
		} else {
			f.Outcome = result.OutcomeFail
			f.Message = fmt.Sprintf("%s does %s, and the policy does not mention it.", g.org, strings.ReplaceAll(g.kind, "-", " "))
		}
		out = append(out, f)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
