package policy

import (
	"regexp"
	"strings"
)

// denies-third-party: an organisation the policy says the site does not
// use ("We do not use Google Analytics.", "Wir verwenden kein Google
// Analytics."). A browser can break it by seeing that organisation.

var (
	// rxDenyLead ends right before a denied organisation's name.
	rxDenyLead = regexp.MustCompile(`(?:\b(?:we|this\s+(?:web)?site|our\s+(?:web)?site|the\s+(?:web)?site)\s+` + reNeg +
		`(?:\s+(?:ever|currently|actively|knowingly))?\s+(?:use|run|load|embed|include|employ|integrate|install|rely\s+on|work\s+with)\s+` +
		`|\bwir\s+(?:verwenden|nutzen|setzen|benutzen|binden)\s+(?:auf\s+(?:dieser|unserer)\s+(?:website|webseite|seite)\s+)?(?:kein(?:e|en)?|nicht)\s+` +
		`|\bwir\s+verzichten\s+(?:bewusst\s+|vollständig\s+)?auf\s+` +
		`|^\s*(?:no|kein(?:e|en)?)\s+)(?:any\s+|the\s+|das\s+|den\s+|die\s+)?$`)
	// rxDenyCondition marks a denial that holds only under a condition.
	rxDenyCondition = regexp.MustCompile(`^\s*(?:if|when|unless|wenn|falls|sofern)\b`)
	// rxDenyDataOf follows a name whose data, not the service, is meant:
	// "we do not use Google Analytics data for advertising".
	rxDenyDataOf = regexp.MustCompile(`^\s*(?:data|information|account|accounts|daten|konto)\b`)
	// rxDenyListGap joins the names of one denied list: "Hotjar, FullStory
	// or", "Google Analytics, the Facebook Pixel or Hotjar" (a product word
	// after a name, an article before the next).
	rxDenyListGap = regexp.MustCompile(`^(?:\s+[A-Z][\w-]*){0,2}\s*(?:,|,?\s*(?:or|nor|and|oder|noch|und))\s*(?:(?:the|der|die|das|den|no|kein(?:e|en)?)\s+)?$`)
)

// deniedOrgRules reads denies-third-party: organisations named right after
// a first-person denial of use, and the rest of the same list.
func deniedOrgRules(c *ruleCtx, s *sentence, lc string) []hit {
	if lc != s.lc || rxException.MatchString(lc) || rxDenyCondition.MatchString(lc) {
		return nil
	}
	mentions := c.orgs.findOrgs(s.text)
	var out []hit
	prevDenied := -1
	for i, m := range mentions {
		if possessive(s.text, m.end) || rxDenyDataOf.MatchString(lower(s.text[m.end:])) {
			prevDenied = -1 // "Facebook's Like button": one product, not the company
			continue
		}
		denied := rxDenyLead.MatchString(lower(s.text[:m.start])) || rxCrossMark.MatchString(s.text[:m.start])
		if !denied && prevDenied == i-1 && prevDenied >= 0 {
			denied = rxDenyListGap.MatchString(s.text[mentions[i-1].end:m.start])
		}
		if !denied {
			continue
		}
		prevDenied = i
		if !hasHit(out, m.name) {
			out = append(out, hit{kind: "denies-third-party", subject: m.name, rule: "denies-third-party.negated-use"})
		}
	}
	return out
}

// possessive reports whether the name ending at end is followed by 's.
func possessive(text string, end int) bool {
	rest := text[end:]
	return strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") ||
		strings.HasSuffix(text[:end], "'s") || strings.HasSuffix(text[:end], "’s")
}

func hasHit(hits []hit, subject string) bool {
	for _, h := range hits {
		if h.subject == subject {
			return true
		}
	}
	return false
}
