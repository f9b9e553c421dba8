package policy

import (
	"regexp"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// Scope signals. A sentence (or, failing that, its section heading) that
// names an app speaks about the app; one that names the back end speaks
// about the service; one that names the website, its pages or the browser
// speaks about the website.
var (
	rxAppScope = regexp.MustCompile(`(?i:\b(?:mobile|desktop|companion|native|ios|android|iphone|ipad|smartphone|phone|tablet|electron)\s+(?:app|apps|application|applications|client|clients|software)\b)` +
		`|\b(?i:the|our|this|your|its)\s+(?:[A-Z][\w-]*\s+)?(?i:app|apps)\b` +
		`|\b[A-Z][\w-]*\s+(?:App|Apps)\b|\bApp\b` +
		`|(?i:\bapp\s*stores?\b|\bgoogle\s+play\b|\bplay\s+store\b|\b(?:android|ios)\s+(?:device|phone|version)s?\b)` +
		`|(?i:\bdesktop\s+client\b|\b(?:in|within)[- ]app\b|\bapps\b)` +
		`|(?i:\b(?:die|unsere|der|unserer|in\s+der)\s+(?:mobile[n]?\s+)?app\b)|(?i:\b(?:the|our|this)\s+(?:desktop\s+|mobile\s+)?client\b)`)
	rxAppNotApp  = regexp.MustCompile(`(?i)\bweb[- ]?apps?\b`)
	rxWebScope   = regexp.MustCompile(`(?i)\b(?:web ?sites?|web ?pages?|site|sites|homepage|home page|browsers?|pages?|blog|landing page|domain|domains|webseiten?|internetseiten?|websites?|seite|seiten|browsern?)\b`)
	rxSvcScope   = regexp.MustCompile(`(?i)\b(?:servers?|servern|server-side|web server|server-logfiles|infrastructure|infrastruktur|databases?|datenbank\w*|back[- ]?end|(?:our|its|the\s+company's)\s+systems|unsere systeme|platform|plattform|accounts?|konto|user accounts?|account data)\b`)
	rxDocWeb     = regexp.MustCompile(`(?i)\b(?:web ?sites?|site|web ?pages?|homepage|webseiten?|internetseiten?|blog)\b`)
	rxDocSvc     = regexp.MustCompile(`(?i)\b(?:services?|platform|accounts?|subscriptions?|dienst|plattform)\b`)
	rxDocSelfSvc = regexp.MustCompile(`(?i)\bis an? (?:[\w-]+\s+){0,4}(?:service|platform|app|application|software|tool)\b`)
)

// Kinds whose subject a browser can see on a website page.
var browserKinds = map[string]bool{
	"no-cookies": true, "no-third-party-cookies": true, "essential-cookies-only": true, "discloses-cookie": true,
	"no-tracking": true, "no-analytics": true, "no-advertising": true, "no-third-party-scripts": true,
	"no-fingerprinting": true, "consent-before-tracking": true, "honors-gpc-dnt": true, "security-headers": true,
	"denies-third-party": true,
}

// namedScope is the scope a piece of text names by itself, or "".
func namedScope(text string) string {
	lc := strings.ToLower(text)
	app := containsAny(lc, "app", "client", "play", "android", "ios", "iphone", "ipad", "phone", "tablet", "electron", "software") &&
		rxAppScope.MatchString(text) && !onlyWebApp(text)
	web := containsAny(lc, "site", "page", "browser", "domain", "blog", "seite", "web") && rxWebScope.MatchString(text)
	svc := containsAny(lc, "server", "infra", "databa", "back", "system", "platform", "plattform", "account", "konto") && rxSvcScope.MatchString(text)
	switch {
	case app:
		return result.ScopeApp
	case svc && !web:
		return result.ScopeService
	case web:
		// a sentence naming the website and a platform (the vendor's, as in
		// "the platform we use to manage the website") speaks of the website
		return result.ScopeWebsite
	}
	return ""
}

func onlyWebApp(text string) bool {
	return rxAppNotApp.MatchString(text) && !rxAppScope.MatchString(rxAppNotApp.ReplaceAllString(text, ""))
}

// scopeFor decides the scope of a claim of kind read from s: what the
// sentence names, else what the flattened paragraph last named, else what
// its heading names, else website for the kinds a browser sees, else the
// document's own scope.
func scopeFor(kind string, s *sentence, docScope string, sections map[string]string) string {
	if sc := s.named(); sc != "" {
		return sc
	}
	if s.question != "" {
		if sc := namedScope(s.question); sc != "" {
			return sc
		}
	}
	if s.carry != "" {
		return s.carry
	}
	sc, ok := sections[s.section]
	if !ok {
		sc = namedScope(s.section)
		sections[s.section] = sc
	}
	if sc != "" {
		return sc
	}
	if browserKinds[kind] {
		return result.ScopeWebsite
	}
	if docScope == "" {
		return result.ScopeUnspecified
	}
	return docScope
}

// carryScope gives each sentence of a flattened block, whose headings ran
// into the text, the app or website scope last named in the block.
func carryScope(sents []sentence) {
	last := ""
	for i := range sents {
		sc := sents[i].named()
		if sc == result.ScopeApp || sc == result.ScopeWebsite {
			last = sc
			continue
		}
		sents[i].carry = last
	}
}

// documentScope decides whether the policy presents itself as a website's
// or a service's: "website", "service" or "" when unclear.
func documentScope(text string) string {
	head := text
	if len(head) > 200000 {
		head = head[:200000]
	}
	web := len(rxDocWeb.FindAllStringIndex(head, -1))
	svc := len(rxDocSvc.FindAllStringIndex(head, -1))
	if rxDocSelfSvc.MatchString(head[:min(len(head), 3000)]) {
		svc += 5
	}
	switch {
	case web == 0 && svc == 0:
		return ""
	case web >= svc:
		return result.ScopeWebsite
	default:
		return result.ScopeService
	}
}

// named is the scope the sentence names by itself, computed once.
func (s *sentence) named() string {
	if !s.scoped {
		s.scope, s.scoped = namedScope(s.text), true
	}
	return s.scope
}
