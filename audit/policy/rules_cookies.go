package policy

import (
	"regexp"
	"strings"
)

// Cookie claims: no-cookies, no-third-party-cookies, essential-cookies-only.

// rxCookieQualifier is a word that narrows "cookies" to some of them.
var rxCookieQualifier = regexp.MustCompile(`(?:third[- ]party|3rd[- ]party|tracking|analytics?|analytical|advertising|ad|marketing|targeting|non-?essential|non-?necessary|optional|unnecessary|persistent|session|functional|performance|statistics?|social(?: media)?|preference|personali[sz]ation|essential|necessary|first[- ]party|external|partner|google|facebook|other|such|these|those|their|any such|similar|additional|permanent)[\s-]*$`)

var (
	noCookiesRules = []namedRx{
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:use|uses|using|set|sets|setting|place|places|store|drop|drops|serve|employ|deploy|rely on|utili[sz]e|have|has|contain|contains|include|install|save|write|need|require)\s+(?:any\s+|a\s+single\s+|a\s+|one\s+|even\s+one\s+)?cookies?(?:\s+(?:at\s+all|of\s+any\s+kind|whatsoever|whatever|whatsoever)|\s*[.!;,)]|\s*$|\s+(?:on|in|from|when|while|during|or|and|nor)\b)`),
		nrx("passive", `(?:^|[^\w-]|\bany\s+)cookies?\s+(?:are|is|will|shall|get)\s+(?:not|never)\s+(?:be\s+)?(?:used|set|placed|stored|dropped|employed|installed|saved|served)(?:\s+(?:at\s+all|on|in|by\s+(?:us|this|our|the)|when|while)\b|\s*[.!;,]|\s*$)`),
		nrx("no-cookies", `(?:^|[^\w-])(?:no|zero|0)\s+cookies?(?:\s+(?:are|is|will|at\s+all|whatsoever|on|in|and|or|nor|of\s+any\s+kind)\b|\s*[.!;,:)]|\s*$)`),
		nrx("cookie-free", `\bcookie[- ]?free\b|\bwithout\s+(?:using\s+|setting\s+|the\s+use\s+of\s+)?(?:any\s+)?cookies\b|\bcookie[- ]?less\s+(?:web)?site\b`),
	}
	noTPCookiesRules = []namedRx{
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:use|uses|set|sets|place|places|allow|allows|permit|serve|load|include|embed|have|has|contain|drop|store|install)\s+(?:any\s+)?(?:third[- ]party|3rd[- ]party)\s+(?:(?:scripts|trackers|services|resources|code|content)\s+(?:or|and|nor)\s+)?cookies\b`),
		nrx("no-third-party-cookies", `\b(?:no|zero)\s+(?:third[- ]party|3rd[- ]party)\s+(?:(?:scripts|javascript|services|resources|code|content|requests)\s+(?:or|and|nor)\s+)?cookies\b`),
		nrx("passive", `\b(?:third[- ]party|3rd[- ]party)\s+cookies\s+(?:are|is|will|can|shall)\s+(?:not|never)\s+(?:be\s+)?(?:used|set|placed|allowed|permitted|stored|loaded|served|dropped)\b`),
	}
	essentialOnlyRules = []namedRx{
		nrx("only-essential", `\bonly\s+(?:(?:use|uses|set|sets|place|places)\s+)?(?:a\s+(?:few|small number of|single|handful of)\s+|one\s+)?(?:strictly\s+|technically\s+|absolutely\s+)?(?:essential|necessary|required|needed|session|login|authentication)\s+(?:(?:and|or|,)\s*\w+\s+)?(?:\w+\s+)?cookies?\b`),
		nrx("only-cookies-necessary", `\b(?:use|uses|set|sets)\s+(?:cookies\s+)?only\s+(?:\w+\s+){0,3}?(?:cookies?\s+)?(?:that|which)\s+(?:are|is)\s+(?:strictly\s+|technically\s+)?(?:necessary|essential|required|needed)`),
		nrx("the-only-cookie", `\bthe\s+only\s+cookies?\s+(?:we|this\s+(?:web)?site|the\s+(?:web)?site|our\s+(?:web)?site|that\s+(?:we|is|are))\s+(?:\w+\s+){0,2}?(?:is|are|sets?|uses?)\b`),
		nrx("no-non-essential", `\b`+reNeg+reGap+`\s+(?:use|uses|set|sets|place|places|drop|store|serve|load)\s+(?:any\s+)?(?:non-?essential|non-?necessary|optional|unnecessary|non-?functional)\s+cookies\b|\b(?:no|zero)\s+(?:non-?essential|non-?necessary|optional|unnecessary)\s+cookies\b`),
		nrx("essential-cookies-only-suffix", `\b(?:strictly\s+|technically\s+)?(?:essential|necessary|required)\s+cookies\s+only\b`),
		nrx("single-cookie", `\b(?:a\s+single|just\s+one|only\s+one|one\s+single)\s+(?:\w+\s+)?cookie\b|\bthe\s+only\s+cookie\b|\b(?:set|use|uses|sets)\s+one\s+cookie\b|^(?:no,?\s+)?just\s+one\b`),
		nrx("cookies-only-essential", `\bcookies?\b[^.;]{0,50}\b(?:are|is)\s+(?:only|solely|exclusively|strictly)\s+(?:used\s+)?(?:for\s+)?(?:strictly\s+)?(?:essential|necessary|required|technical|functional)\b`),
	}
	rxExceptEssential    = regexp.MustCompile(`\b(?:except|other than|apart from|aside from|besides|beyond|save for|but)\b[^.;]{0,60}\b(?:essential|necessary|required|needed|session|login|authentication|security|strictly|technical)\b`)
	rxWeUseEssential     = regexp.MustCompile(`\b(?:we|i|this\s+(?:web)?site|the\s+(?:web)?site|our\s+(?:web)?site)\s+(?:\w+\s+)?(?:use|uses|set|sets)\s+(?:a\s+(?:few\s+|small\s+number\s+of\s+|single\s+)?|some\s+|one\s+)?(?:strictly\s+|technically\s+)?(?:essential|necessary|required)\b[^.;]{0,60}?\bcookies?\b`)
	rxOtherCookiePurpose = regexp.MustCompile(`analytic|advertis|marketing|tracking|statistic|performance|third[- ]party|preference|personali[sz]|social|optional|non-?essential|also|other|functional|may`)
	rxNoCookiesVeto      = regexp.MustCompile(`\b(?:which|that|who)\s+(?:does|do|doesn't|don't|never)\b|\bpreviously\b|\bused\s+to\b|\bfor\s+the\s+purpose|\bto\s+track\b|\bfor\s+tracking\b|\bwithout\s+cookies\b[^.]*$|\bidentif`)
	rxNegCookies         = regexp.MustCompile(`\b` + reNeg + reGap + `\s+(?:use|uses|set|sets|place|places|store|drop|serve|employ)\s+(?:any\s+)?cookies\b`)
	rxNoCookiesExcept    = regexp.MustCompile(`(?:^|[^\w-])no\s+cookies\s+(?:except|other\s+than|apart\s+from|besides|but)\b`)
	rxConsentCookieNo    = regexp.MustCompile(`\bno\s+cookies?\s+(?:are|is|will\s+be)\s+(?:\w+\s+)?(?:set|placed|stored|used|loaded)\s+(?:until|before|unless|without)`)
)

// enCookieRules reads no-cookies, no-third-party-cookies and
// essential-cookies-only.
func enCookieRules(c *ruleCtx, s *sentence, lc string) []hit {
	if !strings.Contains(lc, "cookie") {
		return nil
	}
	var out []hit
	exception := rxException.MatchString(lc)
	if !exception && !rxConsentCookieNo.MatchString(lc) && !rxNoCookiesVeto.MatchString(lc) && !vendorCookieless(c, s) {
		if h := matchUnqualified(lc, noCookiesRules); h != "" {
			out = append(out, hit{kind: "no-cookies", rule: "no-cookies." + h})
		}
	}
	if !exception {
		out = append(out, firstMatch(lc, "no-third-party-cookies", "", noTPCookiesRules)...)
	}
	if h := firstMatch(lc, "essential-cookies-only", "", essentialOnlyRules); h != nil && !strings.Contains(lc, "only if") {
		out = append(out, h...)
	} else if rxExceptEssential.MatchString(lc) && !strings.Contains(lc, "previously") && (rxNegCookies.MatchString(lc) || rxNoCookiesExcept.MatchString(lc)) {
		out = append(out, hit{kind: "essential-cookies-only", rule: "essential-cookies-only.except-essential"})
	} else if rxWeUseEssential.MatchString(lc) && !rxOtherCookiePurpose.MatchString(lc) && !strings.Contains(lc, "not") {
		out = append(out, hit{kind: "essential-cookies-only", rule: "essential-cookies-only.we-use-essential"})
	}
	return out
}

// matchUnqualified returns the name of the first rule that matches lc
// where "cookie" is not narrowed by a qualifier just before it ("we do not
// use analytics cookies" is not "no cookies").
func matchUnqualified(lc string, rules []namedRx) string {
	for _, r := range rules {
		for _, loc := range r.rx.FindAllStringIndex(lc, -1) {
			span := lc[loc[0]:loc[1]]
			ci := strings.Index(span, "cookie")
			if ci < 0 {
				continue
			}
			before := strings.TrimRight(lc[:loc[0]+ci], " ")
			if rxCookieQualifier.MatchString(before) {
				continue
			}
			return r.name
		}
	}
	return ""
}

// rxVendorSetsNone follows a vendor's name that is the subject of "sets no
// cookies": "Plausible sets no cookies", "Tag Manager itself does not set
// any cookies".
var rxVendorSetsNone = regexp.MustCompile(`^\s*(?:itself\s+|selbst\s+)?(?:sets\s+no|uses\s+no|does\s+not\s+(?:set|use)|doesn't\s+(?:set|use)|,\s+an?\s+cookie-?(?:free|less))\b|^\s*,\s+an?\s+cookie-?(?:free|less)`)

// vendorCookieless says whether a sentence says of a named vendor, not of
// the site, that it sets no cookies: a description of the tool, no claim.
func vendorCookieless(c *ruleCtx, s *sentence) bool {
	if c == nil || c.orgs == nil || s == nil {
		return false
	}
	for _, m := range c.orgs.findOrgs(s.text) {
		if rxVendorSetsNone.MatchString(strings.ToLower(s.text[m.end:])) {
			return true
		}
	}
	return false
}
