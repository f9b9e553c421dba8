package policy

import (
	"regexp"
	"strings"
)

// List-style denials: one negation that covers several things ("no ads, no
// tracking, no analytics", "does not incorporate any social media plug-ins,
// advertising networks, or third-party analytics services", "Tracking:
// none") and the German "keine Analyse-, Werbe- oder Tracking-Cookies".

var (
	rxListTrigger = regexp.MustCompile(`(?:^|[^\w-])(?:no|zero|neither|nor|without|nothing)\s|\b` + reNeg + reGap +
		`\s+(?:use|uses|set|sets|place|places|run|runs|load|loads|employ|employs|include|includes|incorporate|incorporates|embed|embeds|permit|permits|allow|allows|contain|contains|serve|serves|show|shows|display|displays|host|hosts|carry|integrate|integrates|install|engage\s+in|rely\s+on|add|deploy|send|sends|have|has|track|tracks|build|create|compile|try\s+to|attempt\s+to)\b`)
	rxListEnd      = regexp.MustCompile(`[.;!?:]|\s-\s|\b(?:but|except|other\s+than|apart\s+from|unless|however|although|while|whereas)\b`)
	rxListSubjVeto = regexp.MustCompile(`\b(?:you|your\s+browser|if|unless|whether|partners|they|may|might|could|previously|used\s+to|until|before|which|that|who|some|vendors?|providers?)\b`)

	listLexicon = []struct {
		kind string
		rx   *regexp.Regexp
	}{
		{"no-tracking", regexp.MustCompile(`\b(?:tracking|trackers?|track|tracked|cross[- ]site\s+identifiers|shadow\s+profiles|(?:build|create|compile)\w*\s+(?:\w+\s+)?profiles?)\b`)},
		{"no-advertising", regexp.MustCompile(`(?:^|[^\w-])(?:ads|advertising|adverts?|advertisements|ad\s+networks?|retargeting|marketing\s+cookies)\b`)},
		{"no-analytics", regexp.MustCompile(`\b(?:analytics|telemetry|usage\s+statistics|statistics\s+cookies)\b`)},
		{"no-third-party-scripts", regexp.MustCompile(`\b(?:third[- ]party|external|3rd[- ]party)\s+(?:scripts|javascript|js|code|widgets)\b|\b(?:scripts|javascript)\b[^.;]{0,20}\bfrom\s+(?:anyone\s+else|other\s+domains?|another\s+domain|third\s+parties)|\bloaded\s+from\s+another\s+domain`)},
		{"no-third-party-cookies", regexp.MustCompile(`\b(?:third[- ]party|3rd[- ]party)\s+cookies\b|\bthird\s+part(?:y|ies)\s+to\s+(?:place|set|store)\s+(?:any\s+)?cookies\b`)},
		{"no-fingerprinting", regexp.MustCompile(`\bfingerprint\w*`)},
		{"no-cookies", regexp.MustCompile(`(?:^|[^\w-])(?:no|neither|nor|any|set|use|uses|sets)\s+cookies?(?:\s+(?:or|nor|and|here|on|at\s+all|whatsoever)\b|\s*[,.;:)]|\s*$)`)},
	}
	rxListNarrowTrack = regexp.MustCompile(`\b(?:advertising|ad|ads|marketing)\s+(?:trackers?|tracking)\b|\btrack(?:ing)?\s+(?:opens|clicks|numbers?|ids?)\b|open\s+and\s+click\s+tracking|\b(?:google|facebook|meta|microsoft|twitter|linkedin|tiktok)(?:'s)?\s+(?:\w+\s+)?(?:tracking|trackers?)\b`)
	rxOtherTracking   = regexp.MustCompile(`\b(?:cross[- ]site|other)\s+tracking`)
	rxVendorAnalytics = regexp.MustCompile(`\b(?:google|adobe|firebase|plausible|matomo|fathom|cloudflare|microsoft|yandex|vercel|simple)\s+analytics\b`)
	rxNarrowScripts   = regexp.MustCompile(`(?:tracking|analytics|advertising|marketing|ad)\s+(?:scripts|javascript|code|pixels)`)

	rxLabelNone = regexp.MustCompile(`(?:^|[•*✗✘·]\s*|\.\s+|-\s+)(tracking|trackers|ads|advertising|analytics|analytics\s+cookies|statistics\s+cookies|third[- ]party\s+cookies|advertising\s+cookies|marketing\s+cookies|data\s+sales|selling\s+data|cookies|fingerprinting|third[- ]party\s+scripts|ip\s+addresses|ip\s+logging)\s*(?::|\|)\s*(?:none|no|not\s+used|not\s+logged|not\s+stored|never|nothing|keine|nein)\b`)
	labelKinds  = map[string]string{"tracking": "no-tracking", "trackers": "no-tracking", "ads": "no-advertising", "advertising": "no-advertising",
		"analytics": "no-analytics", "analytics cookies": "no-analytics", "statistics cookies": "no-analytics", "third-party cookies": "no-third-party-cookies",
		"third party cookies": "no-third-party-cookies", "advertising cookies": "no-advertising", "marketing cookies": "no-advertising",
		"data sales": "no-selling", "selling data": "no-selling", "cookies": "no-cookies", "fingerprinting": "no-fingerprinting",
		"third-party scripts": "no-third-party-scripts", "third party scripts": "no-third-party-scripts", "ip addresses": "no-ip-logging", "ip logging": "no-ip-logging"}
	rxFirstPartyOnly = regexp.MustCompile(`\b(?:every|all|each)\s+cookies?\b[^.;]{0,60}\b(?:is|are)\s+(?:a\s+)?first[- ]party\b|\bonly\s+first[- ]party\s+cookies\b|\bthird[- ]party\s+cookies\b[^.;]*\bnone\s+(?:can|will|may)\s+be\s+set`)
	rxConsentLabel   = regexp.MustCompile(`\b(?:analytics|tracking|marketing|advertising|optional|non-?essential|statistics)\b[^.;]{0,40}(?:\(opt[- ]in\)|:\s*opt[- ]in|off\s+by\s+default|disabled\s+by\s+default|opt[- ]in\s+only)`)
)

// enListRules reads denials that cover several kinds at once.
func enListRules(_ *ruleCtx, s *sentence, lc string) []hit {
	if !containsAny(lc, "no ", "no,", "not", "n't", "never", "neither", "without", "nothing", "none", "opt", "default", "first-party", "first party") {
		return nil
	}
	var out []hit
	if rxConsentLabel.MatchString(lc) {
		out = append(out, hit{kind: "consent-before-tracking", rule: "consent-before-tracking.opt-in-label"})
	}
	for _, m := range rxLabelNone.FindAllStringSubmatch(lc, -1) {
		label := strings.Join(strings.Fields(m[1]), " ")
		if k := labelKinds[label]; k != "" {
			out = append(out, hit{kind: k, rule: k + ".label-none"})
		}
	}
	if rxFirstPartyOnly.MatchString(lc) {
		out = append(out, hit{kind: "no-third-party-cookies", rule: "no-third-party-cookies.first-party-only"})
	}
	if rxException.MatchString(lc) || rxDNTPhrase.MatchString(s.text) {
		return out
	}
	for _, loc := range rxListTrigger.FindAllStringIndex(lc, -1) {
		clauseStart := 0
		if ends := rxListEnd.FindAllStringIndex(lc[:loc[0]], -1); ends != nil {
			clauseStart = ends[len(ends)-1][1]
		}
		if rxListSubjVeto.MatchString(lc[clauseStart:loc[0]]) {
			continue
		}
		span := lc[loc[0]:]
		if e := rxListEnd.FindStringIndex(span[1:]); e != nil {
			span = span[:e[0]+1]
		}
		for _, lx := range listLexicon {
			if !lx.rx.MatchString(span) {
				continue
			}
			switch lx.kind {
			case "no-tracking":
				if rxListNarrowTrack.MatchString(span) && !rxOtherTracking.MatchString(span) {
					continue
				}
			case "no-analytics":
				if rxVendorAnalytics.MatchString(span) && !strings.Contains(span, "other analytics") {
					continue
				}
			case "no-third-party-scripts":
				if rxNarrowScripts.MatchString(span) {
					continue
				}
			case "no-cookies":
				if strings.Contains(span, "third part") {
					continue
				}
				if m := lx.rx.FindStringIndex(span); m != nil && rxCookieQualifier.MatchString(strings.TrimRight(span[:m[0]+strings.Index(span[m[0]:], "cookie")], " ")) {
					continue
				}
			}
			out = append(out, hit{kind: lx.kind, rule: lx.kind + ".negated-list"})
		}
	}
	return out
}

var (
	rxDeListTrigger = regexp.MustCompile(`\b(?:kein|keine|keinen|keinem|keiner|keinerlei|weder|ohne)\s|\bverzicht\w*\s+(?:\w+\s+){0,2}?auf\b|\bnicht\s+(?:\w+\s+)?(?:ein|geladen|gesetzt|verwendet|eingesetzt|eingebunden)\b`)
	rxDeListEnd     = regexp.MustCompile(`[.;!?:]|\b(?:aber|außer|sondern|jedoch|es\s+sei\s+denn|mit\s+ausnahme)\b`)
	rxDeSubjVeto    = regexp.MustCompile(`\b(?:sie\s+können|falls|wenn|sofern|soweit|ob|dritte|anbieter)\b`)
	deLexicon       = []struct {
		kind string
		rx   *regexp.Regexp
	}{
		{"no-tracking", regexp.MustCompile(`(?:^|[^e]-?)tracking|(?:^|[^e]-)tracker|\stracker|nutzerprofil|profile\b|verfolg`)},
		{"no-advertising", regexp.MustCompile(`werb|anzeigen|marketing-cookies`)},
		{"no-analytics", regexp.MustCompile(`analyse|statistik|reichweitenmessung|analytics|telemetrie`)},
		{"no-third-party-scripts", regexp.MustCompile(`externe[n]?\s+(?:skripte|scripte|javascript|inhalte)|skripte\s+(?:von|externer)\s+(?:drittanbietern|dritter)`)},
		{"no-third-party-cookies", regexp.MustCompile(`drittanbieter-?cookies|cookies\s+von\s+drittanbietern|cookies\s+dritter`)},
		{"no-fingerprinting", regexp.MustCompile(`fingerprint`)},
	}
	rxDeVendorAnalytics = regexp.MustCompile(`\b(?:google|adobe|microsoft|yandex|fathom|plausible|simple|cloudflare\s+web|vercel|firebase)\s+analytics\b`)
	rxDeTPCookiePassive = regexp.MustCompile(`cookies\s+von\s+drittanbietern\s+werden\b[^.;]{0,40}\bnicht\s+gesetzt`)
	rxDeSelfHosted      = regexp.MustCompile(`\balle\b[^.;]{0,40}\bskripte\b[^.;]{0,40}\b(?:von\s+dieser\s+domain|lokal|selbst\s+gehostet|von\s+unserem\s+server)`)
)

// deListRules is enListRules for German.
func deListRules(_ *ruleCtx, _ *sentence, lc string) []hit {
	if !looksGerman(lc) {
		return nil
	}
	var out []hit
	if rxDeTPCookiePassive.MatchString(lc) {
		out = append(out, hit{kind: "no-third-party-cookies", rule: "no-third-party-cookies.nicht-gesetzt"})
	}
	if rxDeSelfHosted.MatchString(lc) {
		out = append(out, hit{kind: "no-third-party-scripts", rule: "no-third-party-scripts.eigene-domain"})
	}
	if rxDeException.MatchString(lc) || strings.Contains(lc, "do not track") {
		return out
	}
	for _, loc := range rxDeListTrigger.FindAllStringIndex(lc, -1) {
		clauseStart := 0
		if ends := rxDeListEnd.FindAllStringIndex(lc[:loc[0]], -1); ends != nil {
			clauseStart = ends[len(ends)-1][1]
		}
		if rxDeSubjVeto.MatchString(lc[clauseStart:loc[0]]) {
			continue
		}
		span := lc[loc[0]:]
		if e := rxDeListEnd.FindStringIndex(span[1:]); e != nil {
			span = span[:e[0]+1]
		}
		if strings.Contains(span, ", die") {
			span = span[:strings.Index(span, ", die")]
		}
		// "kein Google Analytics" denies one vendor (denies-third-party),
		// not analytics as such.
		span = rxDeVendorAnalytics.ReplaceAllString(span, "")
		for _, lx := range deLexicon {
			if lx.rx.MatchString(span) {
				out = append(out, hit{kind: lx.kind, rule: lx.kind + ".keine-liste"})
			}
		}
	}
	return out
}
