package checks

import (
	"fmt"

	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/result"
)

func judgeNoCookies(in *Input, _ result.Claim) verdict {
	var d decision
	for _, ci := range in.cookies {
		d.breaking.cookie(ci, "")
	}
	return d.verdict(in, result.OutcomeKept,
		"Cookies were set: %s.", "", "",
		"No cookie was set on %s.")
}

func judgeNoThirdPartyCookies(in *Input, _ result.Claim) verdict {
	var d decision
	for _, ci := range in.cookies {
		if ci.third {
			d.breaking.cookie(ci, "")
		}
	}
	return d.verdict(in, result.OutcomeKept,
		"Third-party cookies were set: %s.", "", "",
		"No third-party cookie was set on %s.")
}

// judgeEssentialOnly breaks the claim with an analytics, advertising,
// marketing or session-recording cookie; a cookie of unknown or merely
// functional purpose leaves it unverifiable. A cookie the policy names (a
// discloses-cookie claim) counts as essential unless the tables know it as
// non-essential.
func judgeEssentialOnly(in *Input, _ result.Claim) verdict {
	var d decision
	for _, ci := range in.cookies {
		switch {
		case cookies.NonEssential(ci.purpose):
			d.breaking.cookie(ci, "")
		case ci.purpose == cookies.PurposeEssential:
		case in.cookieDisclosed(ci.c.Name):
		default:
			d.ambiguous.cookie(ci, "purpose not known to be essential")
		}
	}
	for _, si := range in.storage {
		if !si.third && cookies.NonEssential(si.purpose) {
			d.ambiguous.storage(si, "a storage key, not a cookie, but of a non-essential purpose")
		}
	}
	return d.verdict(in, result.OutcomeKept,
		"Non-essential cookies were set: %s.",
		"Cookies whose purpose Candor does not know were set (%s); a person must judge whether they are essential.",
		"",
		"Every cookie set on %s is essential or named by the policy.")
}

// judgeDisclosesCookie is kept when the named cookie was seen, and info
// when it was not: a disclosure is never broken.
func judgeDisclosesCookie(in *Input, c result.Claim) verdict {
	var seen evidenceList
	for _, ci := range in.cookies {
		if ci.c.Name == c.Subject {
			seen.cookie(ci, "")
		}
	}
	for _, si := range in.storage {
		if si.s.Key == c.Subject {
			seen.storage(si, "")
		}
	}
	if c.Subject == "" {
		return verdict{outcome: result.OutcomeUnverifiable, message: "The claim names no cookie."}
	}
	if seen.empty() {
		return verdict{outcome: result.OutcomeInfo,
			message: fmt.Sprintf("The policy discloses the cookie %s; it was not seen on %s.", c.Subject, in.pagesPhrase())}
	}
	return verdict{outcome: result.OutcomeKept, evidence: seen.list(),
		message: fmt.Sprintf("The policy discloses the cookie %s, and it was seen.", c.Subject)}
}
