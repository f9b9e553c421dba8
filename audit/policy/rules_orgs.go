package policy

import (
	"regexp"
	"strings"
)

// discloses-third-party (an organisation the policy says it uses, embeds
// or sends data to) and discloses-cookie (a cookie the policy names).

var (
	// rxClauseStart finds where the clause holding an organisation's name
	// begins, so "we do not use X, but we use Y" keeps Y.
	rxClauseStart = regexp.MustCompile(`(?:[;:]|\bbut\b|\binstead\b|\bhowever\b|\bwhile\b|\bwhereas\b|\band\s+we\b|\bsondern\b|\baber\b|\bstattdessen\b)`)
	rxOrgNeg      = regexp.MustCompile(`\b(?:` + reNeg + `|no|nor|neither|without|avoid|avoiding|instead\s+of|rather\s+than|unlike|alternative\s+to|alternatives\s+to|replace[ds]?|replacing|nicht|kein|keine|keinen|keinem|ohne|statt|anstelle|removed|used\s+to|switched|migrated|stopped|verzicht\w*|find\s+us|follow\s+us|lokal|published\s+on|available\s+on)\b`)
	// rxOrgReference follows a name that is only cited: its privacy policy,
	// its terms, its guidelines.
	rxOrgReference    = regexp.MustCompile(`^(?:'s|’s|s')?\s*(?:(?:[\w-]+\s+){0,4})(?:privacy\s+polic|polic|terms|guidelines|privacy\s+notice|privacy\s+statement|help\s+cent|documentation|datenschutz|nutzungsbedingungen|opt[- ]out\s+page|accounts?\b)`)
	rxOrgReadBefore   = regexp.MustCompile(`\b(?:read|reading|see|visit|check\s+out|consult|review|refer\s+to|information\s+(?:from|about|on)|learn\s+more|learn\s+how|find\s+out\s+how|see\s+how|details\s+on\s+how)\b[^.;]{0,40}$`)
	rxOrgSentenceVeto = regexp.MustCompile(`lokal\s+installiert|self[- ]hosted|selbst\s+gehostet|hosted\s+locally|locally\s+hosted|their\s+own\s+privacy|find\s+us\s+on|follow\s+us|follow\s+(?:[\w’']+\s+){1,3}on\b|\btag\s+us\s+on\b|encourage\s+you\s+to\s+read|datenschutzerklärung\s+von|weitere\s+informationen|^(?:tools|services|companies|providers|vendors)\s+(?:such\s+as|like)\b|\bwe\s+used\s+to\b|\bswitched\s+from\b`)
	rxGACookie        = regexp.MustCompile(`\b_g(?:a|id|at)\w*\b`)
	rxYesNoLead       = regexp.MustCompile(`^(?:no|yes|nein|ja)[,.!]\s*`)
	rxFirstPerson     = regexp.MustCompile(`\b(?:we|us|our)\b`)
	rxOrgMay          = regexp.MustCompile(`^\s*(?:may|might|can|could|uses|collects|sets|stores|processes)\s`)
	rxOrgDefinition   = regexp.MustCompile(`^\s*(?:is|are)\s+(?:a|an)\s`)
	rxOrgBy           = regexp.MustCompile(`\bby\s*$`)
	// rxOrgInsteadOf ends right before a name the sentence replaces:
	// "we use Plausible instead of Google Analytics".
	rxOrgInsteadOf = regexp.MustCompile(`\b(?:instead\s+of|rather\s+than|in\s+place\s+of|statt|anstelle\s+von)\s+(?:the\s+|using\s+)?$`)
	// rxPastPractice marks a sentence about what the site did before or
	// plans to do, not what it does: "Until 2021 this blog used Disqus",
	// "our previous host", "we plan to encrypt backups at rest".
	rxPastPractice = regexp.MustCompile(`\b(?:plans?|planning|intends?|intending)\s+to\b|\bthinking\s+about\b|\bin\s+a\s+future\s+(?:release|version)\b|\bon\s+our\s+roadmap\b|\blater\s+this\s+year\b|\b(?:until|till|bis)\s+(?:(?:the\s+)?(?:end\s+of\s+|ende\s+)?(?:19|20)\d\d|recently|last\s+year|letztes\s+jahr)\b|\bbefore\s+(?:19|20)\d\d\b|\b(?:previously|früher)\b|\bour\s+(?:previous|former|old)\b|\bin\s+the\s+past\b`)
	// rxCrossMark ends right before a name crossed out in a ✓/✗ list.
	rxCrossMark = regexp.MustCompile(`[✗✘❌×]\s*$`)
	// googleProducts are the entities that make a bare "Google" in the same
	// sentence the provider of the product, not a second disclosure.
	googleProducts = map[string]bool{"Google Analytics": true, "Google Tag Manager": true, "Google/Doubleclick Ads": true, "Google Fonts": true,
		"Google Maps": true, "Google reCAPTCHA": true, "YouTube": true, "Firebase": true, "Google Cloud": true, "Google Play": true}
)

func hasOrg(ms []orgMention, name string) bool {
	for _, m := range ms {
		if m.name == name {
			return true
		}
	}
	return false
}

// orgRules reads discloses-third-party: every organisation named in a
// sentence that is not negated in its clause and not merely cited.
func orgRules(c *ruleCtx, s *sentence, lc string) []hit {
	if lc != s.lc {
		return nil // FAQ synthetic statements carry no organisation claims
	}
	mentions := c.orgs.findOrgs(s.text)
	if len(mentions) == 0 || rxOrgSentenceVeto.MatchString(lc) || rxPastPractice.MatchString(lc) {
		return nil
	}
	var out []hit
	hasGoogleProduct := false
	for _, m := range mentions {
		hasGoogleProduct = hasGoogleProduct || googleProducts[m.name]
	}
	for i, m := range mentions {
		if m.name == "Google" && hasGoogleProduct {
			continue
		}
		if (m.name == "Instagram" || m.name == "WhatsApp") && hasOrg(mentions, "Facebook") {
			continue // one claim per organisation: Meta's products are Facebook
		}
		if m.name == "Google" && rxGACookie.MatchString(s.text) {
			m.name = "Google Analytics" // a _ga row whose provider is just "Google"
		}
		if strings.TrimSpace(s.text[:m.start]) == "" && rxOrgMay.MatchString(lower(s.text[m.end:])) && !rxFirstPerson.MatchString(lc) {
			continue // "Google may collect …": what a vendor does, not what we use
		}
		if i > 0 && mentions[i-1].end <= m.start && rxOrgBy.MatchString(s.text[mentions[i-1].end:m.start]) && len(strings.TrimSpace(s.text[mentions[i-1].end:m.start])) == 2 {
			continue // "Auth0 by Okta": the maker, not a second service
		}
		if rxOrgDefinition.MatchString(lower(s.text[m.end:])) && strings.TrimSpace(s.text[:m.start]) == "" {
			continue // "Google Analytics is a web analytics service …"
		}
		before := rxYesNoLead.ReplaceAllString(lower(s.text[:m.start]), "")
		if locs := rxClauseStart.FindAllStringIndex(before, -1); locs != nil {
			before = before[locs[len(locs)-1][1]:]
		}
		if rxOrgNeg.MatchString(before) || rxOrgReadBefore.MatchString(lower(s.text[:m.start])) || rxOrgInsteadOf.MatchString(lower(s.text[:m.start])) {
			continue
		}
		if rxOrgReference.MatchString(lower(s.text[m.end:])) || rxCrossMark.MatchString(s.text[:m.start]) {
			continue // a reference, or a name crossed out in a ✓/✗ list
		}
		out = append(out, hit{kind: "discloses-third-party", subject: m.name, rule: "discloses-third-party.named"})
	}
	return out
}

var (
	// a cookie name in brackets, quotes or backticks
	rxQuotedName = regexp.MustCompile(`[("'“‘„«` + "`" + `]\s*([A-Za-z_][A-Za-z0-9_.\-*]{1,63})\s*[)"'”’“»` + "`" + `]`)
	// "cookie named x", "cookie called x", "the x cookie"
	rxNamedCookie = regexp.MustCompile(`(?i)\bcookies?\s+(?:named|called|with\s+the\s+name)\s+["'“‘„` + "`" + `]?([A-Za-z_][A-Za-z0-9_.\-*]{1,63})`)
	rxNameCookie  = regexp.MustCompile(`\b(?:the|a|an|our|its)\s+([A-Za-z_][A-Za-z0-9_.\-*\[\]]{1,63})\s+cookies?\b`)
	// rxCookieListed reads the list after "Cookies:", "cookies we set:",
	// "Strictly necessary cookies:", "Just one cookie:".
	rxCookieListed = regexp.MustCompile(`(?i)\bcookies?\b[^.:;]{0,40}:\s*([^;:·|—–]+)`)
	// rxCategoryListed reads a banner's categories: "Necessary (always
	// active): session, XSRF-TOKEN · Statistics (off by default): _pk_id.*".
	rxCategoryListed = regexp.MustCompile(`(?i)\b(?:strictly\s+)?(?:necessary|essential|functional|statistics|analytics|marketing|preferences?|security|notwendig|statistik|funktional)(?:\s+cookies)?(?:\s*\([^)]*\))?\s*:\s*([^;:·|—–]+)`)
	// rxCookieSuchAs reads "cookies such as _fbp", "a cookie, cookie_consent,".
	rxCookieSuchAs = regexp.MustCompile(`(?i)\bcookies?(?:\s+(?:such\s+as|like|including|e\.g\.,?)|,)\s+([A-Za-z_][\w.\-*\[\]<>]{1,63})`)
	// rxCookieIs reads "the only cookie (we set) is csrftoken".
	rxCookieIs = regexp.MustCompile(`(?i)\bcookies?(?:\s+(?:we|this\s+(?:web)?site)\s+(?:set|use|place)s?)?\s+(?:is|are)\s+["'“‘„]?([A-Za-z_][\w.\-*\[\]]{1,63})`)
	// rxListStop are words a cookie list holds that are not cookie names.
	rxListStop = regexp.MustCompile(`(?i)^(?:none|no|yes|on|off|an|aus|enabled|disabled|active|inactive|the|a|this|that|it|its|these|those|our|your|n/a|nothing|essential|necessary|strictly|functional|analytics|analytical|marketing|advertising|statistics|statistical|preferences?|optional|required|session|persistent|temporary|all|some|several|few|many|only|just|one|two|see|below|above|keine?|ja|nein|set|used|stored|deleted|valid|needed|placed|kept|saved|created|read|sent|shown|listed)$`)
	// rxPlaceholder is a placeholder in a cookie name: intercom-id-[workspace].
	rxPlaceholder  = regexp.MustCompile(`\[[A-Za-z_]+\]|<[A-Za-z_]+>|\{[A-Za-z_]+\}`)
	rxCookieLike   = regexp.MustCompile(`^(?:_|[A-Za-z0-9]*[_\d][A-Za-z0-9_.\-*]*$|[A-Z]{2,}[A-Z0-9_-]*$|[a-z]+[A-Z][A-Za-z0-9]*$)`)
	rxNotCookie    = regexp.MustCompile(`(?i)^(?:http|https|www|gdpr|ccpa|ip|id|url|eu|uk|us|usa|eea|faq|api|ssl|tls|html|css|js|pdf|json|csv|dnt|gpc|cdn|sms|iso|aws|gcp|seo|utc|gmt|ok|non-essential|third-party|first-party|opt-in|opt-out|e-mail|log-in|sign-in|user-agent)$`)
	rxDomainLike   = regexp.MustCompile(`^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|de|uk|eu|co|app|dev|info)$`)
	rxTableName    = regexp.MustCompile(`^[A-Za-z_][\w.\-*\[\]<>{}]{0,79}$`)
	rxHeaderWord   = regexp.MustCompile(`(?i)^(?:name|names|cookie|cookies|provider|anbieter|purpose|zweck|expiry|duration|laufzeit|type|category|kategorie|key|schlüssel)$`)
	rxNameField    = regexp.MustCompile(`(?i)\bname\s*:\s*([A-Za-z_][\w.\-*\[\]]{0,79})\s*[;|·—–]`)
	rxBacktickName = regexp.MustCompile("`([A-Za-z_][\\w.\\-*\\[\\]]{0,79})`")
	// rxNoCookiesAtAll denies every cookie: a name after it is not one set.
	rxNoCookiesAtAll = regexp.MustCompile(`\b(?:sets?|uses?|places?|stores?)\s+no\s+cookies\b|\bnot\s+even\b`)
	rxCookieNegate   = regexp.MustCompile(`\b` + reNeg + reGap + `\s+(?:use|set|place|store|drop)\b`)
)

// cookieNameRules reads discloses-cookie from a sentence or table row that
// names a cookie.
func cookieNameRules(_ *ruleCtx, s *sentence, lc string) []hit {
	if lc != s.lc {
		return nil
	}
	row := strings.Contains(s.text, " | ")
	if !strings.Contains(lc, "cookie") && !(row && rowIsCookie(s, lc)) && !strings.Contains(strings.ToLower(s.section+" "+s.question), "cookie") && !rxNameField.MatchString(s.text) {
		return nil
	}
	if rxCookieNegate.MatchString(lc) || (rxNoCookiesAtAll.MatchString(lc) && !rxException.MatchString(lc)) {
		return nil
	}
	var names []string
	addRaw := func(n string) {
		if n != "" && !contains(names, n) {
			names = append(names, n)
		}
	}
	addName := func(n string) {
		n = strings.TrimRight(n, ".-")
		if len(n) < 2 || rxNotCookie.MatchString(n) || rxDomainLike.MatchString(strings.ToLower(n)) || !(rxCookieLike.MatchString(n) || rxPlaceholder.MatchString(n)) {
			return
		}
		if !contains(names, n) {
			names = append(names, n)
		}
	}
	if row && len(strings.Split(s.text, " | ")) >= 3 {
		first := strings.TrimSpace(strings.SplitN(s.text, " | ", 2)[0])
		if i := strings.LastIndex(first, ": "); i >= 0 {
			first = first[i+2:]
		}
		for _, n := range strings.Split(first, ",") {
			n = strings.TrimSpace(n)
			if i := strings.Index(n, " ("); i > 0 {
				n = n[:i]
			}
			if rxTableName.MatchString(n) && !rxHeaderWord.MatchString(n) {
				addRaw(n)
			}
		}
	}
	for _, m := range rxNameField.FindAllStringSubmatch(s.text, -1) {
		addRaw(m[1])
	}
	if strings.Contains(s.text, "`") && (strings.Contains(lc, "cookie") || strings.Contains(strings.ToLower(s.section+" "+s.question), "cookie") || strings.Contains(lc, "storage")) {
		for _, m := range rxBacktickName.FindAllStringSubmatch(s.text, -1) {
			addRaw(m[1])
		}
	}
	for _, m := range rxQuotedName.FindAllStringSubmatch(s.text, -1) {
		addName(m[1])
	}
	for _, m := range rxNamedCookie.FindAllStringSubmatch(s.text, -1) {
		if n := strings.TrimRight(m[1], ".,"); !rxListStop.MatchString(n) && !rxNotCookie.MatchString(n) {
			addRaw(n) // "a cookie called CookieConsent": named, whatever it looks like
		}
	}
	for _, m := range rxCookieSuchAs.FindAllStringSubmatch(s.text, -1) {
		addName(m[1])
	}
	for _, m := range rxNameCookie.FindAllStringSubmatch(s.text, -1) {
		addName(m[1])
	}
	// A list after "cookies:" names cookies even when they look like words
	// ("cart"); the only cookie "is" one, however it looks.
	for _, m := range rxCookieListed.FindAllStringSubmatch(s.text, -1) {
		for _, n := range listedNames(m[1]) {
			addRaw(n)
		}
	}
	// After a category label only names that look like cookies count:
	// "Analytics: Plausible (cookieless)" names a service.
	for _, m := range rxCategoryListed.FindAllStringSubmatch(s.text, -1) {
		for _, n := range listedNames(m[1]) {
			addName(n)
		}
	}
	for _, m := range rxCookieIs.FindAllStringSubmatch(s.text, -1) {
		n := strings.TrimRight(m[1], ".,")
		if rxListStop.MatchString(n) || rxNotCookie.MatchString(n) {
			continue
		}
		if strings.Contains(lc, "only") || rxCookieLike.MatchString(n) {
			addRaw(n)
		}
	}
	out := make([]hit, 0, len(names))
	for _, n := range names {
		out = append(out, hit{kind: "discloses-cookie", subject: n, rule: "discloses-cookie.named"})
	}
	return out
}

// listedNames splits a list of cookie names ("cart, secure_customer_sig and
// _secure_session_id", "session_id (keeps you logged in) and cart_token")
// and keeps the items that are one name each.
func listedNames(list string) []string {
	list = rxParens.ReplaceAllString(list, "")
	if i := strings.Index(list, ". "); i >= 0 {
		list = list[:i] // the sentence ends; "_pk_id.*" keeps its dot
	}
	list = strings.TrimRight(strings.TrimSpace(list), ".")
	var out []string
	for _, part := range rxListSplit.Split(list, -1) {
		n := strings.Trim(strings.TrimSpace(part), "\"'“”‘’`")
		if strings.ContainsAny(n, " \t") {
			break // prose begins: the list of names has ended
		}
		if n == "" || !rxTableName.MatchString(n) || rxHeaderWord.MatchString(n) || rxListStop.MatchString(n) ||
			rxNotCookie.MatchString(n) || rxDomainLike.MatchString(strings.ToLower(n)) {
			continue
		}
		out = append(out, n)
	}
	return out
}

var (
	rxParens    = regexp.MustCompile(`\s*\([^)]*\)`)
	rxListSplit = regexp.MustCompile(`\s*,\s*(?:and\s+|und\s+|or\s+)?|\s+(?:and|und|or|oder)\s+`)
)

// rowIsCookie reports whether a table row sits in a cookie table.
func rowIsCookie(s *sentence, lc string) bool {
	return strings.Contains(strings.ToLower(s.section), "cookie") || containsAny(lc, "session", "expires", "expiry", "days", "year", "month", "persistent", "http only", "httponly")
}
