package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The claim kinds (the vocabulary in the policy reader's documentation).
const (
	KindNoCookies             = "no-cookies"
	KindNoThirdPartyCookies   = "no-third-party-cookies"
	KindEssentialCookiesOnly  = "essential-cookies-only"
	KindDisclosesCookie       = "discloses-cookie"
	KindNoTracking            = "no-tracking"
	KindNoAnalytics           = "no-analytics"
	KindNoAdvertising         = "no-advertising"
	KindNoThirdPartyScripts   = "no-third-party-scripts"
	KindNoFingerprinting      = "no-fingerprinting"
	KindConsentBeforeTracking = "consent-before-tracking"
	KindHonorsGPCDNT          = "honors-gpc-dnt"
	KindDisclosesThirdParty   = "discloses-third-party"
	KindDeniesThirdParty      = "denies-third-party"
	KindEncryptsInTransit     = "encrypts-in-transit"
	KindSecurityHeaders       = "security-headers"
	KindNoSelling             = "no-selling"
	KindNoSharing             = "no-sharing"
	KindNoIPLogging           = "no-ip-logging"
	KindRetention             = "retention"
	KindDataLocation          = "data-location"
	KindPasswordHashing       = "password-hashing"
	KindEncryptionAtRest      = "encryption-at-rest"
)

// verdict is a claim check's answer before it becomes a finding.
type verdict struct {
	outcome  result.Outcome
	message  string
	evidence []result.Evidence
}

// judgeFunc decides one website claim. It is called only for claims whose
// scope a browser can judge.
type judgeFunc func(in *Input, c result.Claim) verdict

// claimJudge turns a per-claim decision into a check function: every claim
// of the kinds, in policy order, gets exactly one finding. App claims are
// out of scope; when observe is set and no page loaded, the claim is
// unverifiable instead of judged against nothing.
func claimJudge(kinds []string, observe bool, judge judgeFunc) func(*Input) []result.Finding {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	return func(in *Input) []result.Finding {
		var out []result.Finding
		// Claims of one kind with the same subject and scope get the same
		// verdict: judge each such group once.
		memo := map[[3]string]verdict{}
		for _, c := range in.Result.Policy.Claims {
			if !want[c.Kind] {
				continue
			}
			var v verdict
			switch {
			case c.Scope == result.ScopeApp:
				v = verdict{outcome: result.OutcomeOutOfScope,
					message: "The policy says this about an app; a browser audit of the website cannot judge it."}
			case observe && !in.scanned():
				v = verdict{outcome: result.OutcomeUnverifiable,
					message: "No page loaded, so there is nothing to hold this claim against."}
			default:
				key := [3]string{c.Kind, c.Subject, c.Scope}
				var ok bool
				if v, ok = memo[key]; !ok {
					v = judge(in, c)
					memo[key] = v
				}
				v.evidence = append([]result.Evidence(nil), v.evidence...)
				if v.outcome == result.OutcomeBroken && c.Quote == "" {
					v.outcome = result.OutcomeUnverifiable
					v.message = "The evidence contradicts this claim, but the result holds no quote of the policy sentence, so it is not called broken. " + v.message
				}
			}
			claim := c
			if v.evidence == nil {
				v.evidence = []result.Evidence{}
			}
			out = append(out, result.Finding{
				ID:       claimSubject(c),
				Outcome:  v.outcome,
				Claim:    &claim,
				Evidence: v.evidence,
				Message:  v.message,
			})
		}
		return out
	}
}

// claimSubject identifies a claim within its check: its offset in the
// policy text, plus its subject when it has one.
func claimSubject(c result.Claim) string {
	s := strconv.Itoa(c.Offset)
	if c.Subject != "" {
		s += "-" + slug(c.Subject)
	}
	return s
}

// decide turns three piles of evidence into a verdict: any breaking
// evidence breaks the claim; otherwise ambiguous evidence makes it
// unverifiable; otherwise notes give notesOutcome (info, or kept with
// the notes listed); otherwise the claim is kept.
//
// listed evidence is shown with any outcome and never changes it (what a
// disclosed embed does inside its own iframe).
type decision struct {
	breaking, ambiguous, notes, listed evidenceList
}

func (d *decision) verdict(in *Input, notesOutcome result.Outcome, brokenMsg, ambiguousMsg, notesMsg, keptMsg string) verdict {
	var v verdict
	switch {
	case !d.breaking.empty():
		ev := append(d.breaking.list(), d.ambiguous.list()...)
		v = verdict{result.OutcomeBroken, fmt.Sprintf(brokenMsg, d.breaking.names(5)), ev}
	case !d.ambiguous.empty():
		ev := append(d.ambiguous.list(), d.notes.list()...)
		v = verdict{result.OutcomeUnverifiable, fmt.Sprintf(ambiguousMsg, d.ambiguous.names(5)), ev}
	case !d.notes.empty():
		v = verdict{notesOutcome, fmt.Sprintf(notesMsg, d.notes.names(5)), d.notes.list()}
	case len(in.isolatedFrames()) > 0:
		// The browser ran cross-site frames out of sight: what was not
		// seen may have happened there.
		frames := in.isolatedFrames()
		v = verdict{result.OutcomeUnverifiable, fmt.Sprintf("Nothing on %s broke the claim, but the browser ran %d cross-site frames in processes of their own (site isolation), whose requests, storage and scripts were not recorded: %s. Scan again with a browser that keeps them in the page's process (docs/scaling.md).",
			in.pagesPhrase(), len(frames), strings.Join(frames[:min(len(frames), 5)], ", ")), nil}
	default:
		v = verdict{result.OutcomeKept, fmt.Sprintf(keptMsg, in.pagesPhrase()), nil}
	}
	if !d.listed.empty() {
		v.evidence = append(v.evidence, d.listed.list()...)
		v.message += fmt.Sprintf(" Listed, not counted: %s, seen inside disclosed embeds or owned by disclosed organisations.", d.listed.names(5))
	}
	return v
}
