package policy

import "regexp"

// Tracking claims: no-tracking, no-analytics, no-advertising,
// no-fingerprinting and honors-gpc-dnt.

const reTrackObj = `(?:you|me|users?|visitors?|readers?|people|anyone|anybody|individuals|customers|members|your\s+(?:\w+\s+)?(?:activity|activities|behaviou?r|browsing|movements|usage|use|visits?|clicks|actions))`

var (
	noTrackingRules = []namedRx{
		nrx("negated-track", `\b`+reNeg+reGap+`\s+(?:track|tracks|trace|traces|follow|follows|monitor|monitors|profile|profiles|spy\s+on)\s+`+reTrackObj+`\b`),
		nrx("no-tracking", `(?:^|[^\w-])(?:no|zero)\s+(?:(?:third[- ]party|cross[- ]site|online|user|behaviou?ral|hidden|creepy|invasive|covert|personal)\s+)?(?:tracking|trackers|tracking\s+(?:cookies|scripts|pixels|technologies|tools|software|code|services|mechanisms))\b`),
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:use|uses|run|runs|employ|deploy|load|embed|include|have|has|allow|permit|place|set|install|engage\s+in)\s+(?:any\s+)?(?:(?:third[- ]party|cross[- ]site|online|hidden|invasive|user|behaviou?ral)\s+)?(?:tracking|trackers?|tracking\s+(?:scripts|cookies|pixels|technologies|tools|software|code|services|mechanisms)|web\s+beacons|tracking\s+pixels)\b`),
		nrx("tracker-free", `\b(?:tracker|tracking)[- ]free\b|\bwithout\s+(?:any\s+)?(?:tracking|trackers)\b`),
		nrx("no-identity-link", `\b`+reNeg+reGap+`\s+(?:attempts?\s+to\s+|try\s+to\s+|tries\s+to\s+)?(?:link|connect|tie|associate|match)\b[^.;]{0,80}\b(?:real|personal|offline)\s+identit`),
		nrx("no-profiling", `\b`+reNeg+reGap+`\s+(?:create|build|compile|make)s?\s+(?:a\s+|any\s+)?(?:user\s+|advertising\s+|behaviou?ral\s+|marketing\s+)?profiles?\b|\bno\s+(?:user\s+)?profiling\b`),
		nrx("cookies-not-for-tracking", `\b`+reNeg+reGap+`\s+(?:use|uses|set|sets)\s+(?:any\s+)?(?:cookies|cookies\s+or\s+[\w\s]{0,30}?)\s+(?:to|for)\s+(?:track|tracking|follow|profile|profiling)\b`),
		nrx("not-combined", `\b(?:not|never)\s+(?:be\s+)?combined\b[^.;]{0,80}\bprofiles?\b|\bno\s+attempt\s+to\s+(?:tie|link|connect)\b`),
		nrx("not-tracked", `\b`+reTrackObj+`\s+(?:are|is|will|will\s+be|won't\s+be|shall)\s+(?:not|never)\s+(?:be\s+)?tracked\b`),
	}
	rxAdTracking   = regexp.MustCompile(`\b(?:advertising|ad|ads|marketing)\s+(?:trackers?|tracking)\b`)
	rxLimitedTrack = regexp.MustCompile(`\b(?:cookie|cookies|it|this|they|data|information)\s+(?:is|are|will\s+be)\s+(?:not|never)\s+used\b`)
	rxDNTPhrase    = regexp.MustCompile(`Do[- ]Not[- ]Track|\bDNT\b|do[- ]not[- ]track\s+(?:signals?|requests?|settings?|headers?|preferences?)`)

	reAnalyticsObj   = `(?:(?:third[- ]party|web|website|external|usage|visitor|traffic|tracking|invasive|any)\s+)?(?:analytics|statistics|analytics\s+(?:tools?|services?|software|scripts?|cookies|providers?|platforms?|trackers?|packages?|libraries|products?|programs?|solutions?)|web\s+analytics|usage\s+statistics|visitor\s+statistics)`
	noAnalyticsRules = []namedRx{
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:use|uses|run|runs|employ|deploy|load|embed|include|have|has|collect|gather|integrate|install|rely\s+on|utili[sz]e)\s+(?:any\s+)?`+reAnalyticsObj+`\b`),
		nrx("no-analytics", `(?:^|[^\w-])(?:no|zero)\s+(?:(?:third[- ]party|web|usage|external|invasive|google|tracking)\s+)?(?:analytics|web\s+analytics|statistics\s+tools?)\b`),
		nrx("not-shared-with-analytics", `\b`+reNeg+reGap+`\s+(?:share|sell|disclose|give|pass|send|provide|transfer)\b[^.;]{0,80}\b(?:with|to)\b[^.;]{0,80}\banalytics\s+(?:providers?|companies|services|firms|vendors|partners)`),
		nrx("passive", `(?:^|[^\w-])(?:analytics|analytics\s+(?:tools|cookies|scripts|services))\s+(?:are|is)\s+(?:not|never)\s+(?:used|loaded|run)\b`),
		nrx("analytics-free", `\banalytics[- ]free\b|\bwithout\s+(?:any\s+)?analytics\b`),
	}
	rxAnalyticsVeto = regexp.MustCompile(`\b(?:instead|but\s+(?:we|i)\s+(?:do\s+)?use|we\s+use\s+(?:our\s+own|privacy[- ]friendly|self[- ]hosted|first[- ]party|cookieless|anonymous|aggregate)|only\s+(?:aggregate|anonymous|anonymi[sz]ed|privacy)|self[- ]hosted|first[- ]party\s+analytics|our\s+own\s+analytics)\b`)

	reAdMid            = `(?:(?:third[- ]party|targeted|personali[sz]ed|behaviou?ral|interest[- ]based|online|display|banner|paid|intrusive|programmatic)\s+)*`
	noAdvertisingRules = []namedRx{
		nrx("no-ads", `(?:^|[^\w-])(?:no|zero)\s+`+reAdMid+`(?:advertising|ads|adverts|advertisements|ad\s+(?:networks?|trackers?|tracking|targeting))\b`),
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:show|shows|display|displays|serve|serves|use|uses|run|runs|sell|sells|place|places|include|host|allow|have|has|carry|contain|work\s+with|partner\s+with|participate\s+in|engage\s+in)\s+(?:any\s+)?`+reAdMid+`(?:advertising|ads|adverts|advertisements|ad\s+networks?|advertising\s+(?:networks?|trackers?|cookies|partners|pixels|services|ids?|identifiers|technologies))\b`),
		nrx("not-shared-with-advertisers", `\b`+reNeg+reGap+`\s+(?:share|sell|disclose|give|pass|send|provide|rent|transfer)\b[^.;]{0,80}\b(?:with|to)\b[^.;]{0,40}\b(?:advertisers|advertising\s+(?:networks?|partners|companies)|ad\s+networks?)\b`),
		nrx("ad-free", `\b(?:ad|ads|advertising|advert)[- ]free\b`),
		nrx("not-used-for-ads", `\b`+reNeg+reGap+`\s+(?:be\s+)?used\s+(?:for|to\s+(?:show|serve|target))\s+(?:\w+\s+)?(?:advertising|ads|adverts)\b`),
		nrx("data-not-for-ads", `\b`+reNeg+reGap+`\s+use\s+(?:your\s+|any\s+)?(?:\w+\s+)?(?:data|information)\s+(?:for|to)\s+(?:targeted\s+|personali[sz]ed\s+)?(?:advertising|ads|show\s+you\s+ads)\b`),
	}

	noFingerprintRules = []namedRx{
		nrx("negated-use", `\b`+reNeg+reGap+`\s+(?:use|uses|employ|engage\s+in|perform|do|rely\s+on|practi[cs]e|apply)\s+(?:any\s+)?(?:(?:browser|device|canvas|digital)\s+)?fingerprint(?:ing|s)?\b`),
		nrx("no-fingerprinting", `(?:^|[^\w-])(?:no|zero)\s+(?:(?:browser|device|canvas)\s+)?fingerprinting\b`),
		nrx("negated-verb", `\b`+reNeg+reGap+`\s+fingerprint\b`),
		nrx("device-config", `\b`+reNeg+reGap+`\s+(?:try\s+to\s+)?(?:identify|recogni[sz]e)\b[^.;]{0,40}\bby\s+(?:their|your)\s+(?:device|browser)\b`),
	}

	rxGPC          = regexp.MustCompile(`\b(?:global\s+privacy\s+control|gpc|do[- ]not[- ]track|dnt)\b`)
	honorsGPCRules = []namedRx{
		nrx("honors", `\b(?:honou?rs?|honou?ring|respects?|respecting|recogni[sz]es?|respond(?:s)?\s+to|compl(?:y|ies)\s+with|supports?|obeys?|treats?|follows?|abides?\s+by|processes)\b[^.;]{0,60}\b(?:global\s+privacy\s+control|gpc|do[- ]not[- ]track|dnt)\b`),
		nrx("browser-sends", `\b(?:if|when|whenever)\s+your\s+browser\s+sends\b[^.;]{0,50}\b(?:gpc|sec-gpc|global\s+privacy\s+control|dnt|do\s+not\s+track)\b[^.;]{0,20}[,:]?\s*we\b`),
		nrx("signal-honored", `\b(?:global\s+privacy\s+control|gpc|do[- ]not[- ]track|dnt)\b[^.;]{0,40}\b(?:is|are|will\s+be)\s+(?:honou?red|respected|recogni[sz]ed|treated\s+as|processed\s+as|applied)\b`),
	}
	rxGPCNeg = regexp.MustCompile(`(?:not|n't|never|no)\s+(?:\w+\s+){0,2}?(?:honou?r|respect|recogni|respond|comply|support|obey|treat|follow|currently)|\bno\s+(?:\w+\s+)?(?:standard|consensus)|\bnot\s+(?:be\s+)?(?:honou?red|respected|recogni)`)
)

// enTrackingRules reads no-tracking, no-analytics, no-advertising,
// no-fingerprinting and honors-gpc-dnt.
func enTrackingRules(_ *ruleCtx, s *sentence, lc string) []hit {
	var out []hit
	if !containsAny(lc, "not", "n't", "never", "no ", "no,", "without", "free", "gpc", "global privacy", "dnt", "track", "zero") {
		return nil
	}
	exception := rxException.MatchString(lc)
	if containsAny(lc, "track", "profil", "identit", "beacon") && !exception && !rxDNTPhrase.MatchString(s.text) && !rxAdTracking.MatchString(lc) && !rxLimitedTrack.MatchString(lc) {
		out = append(out, firstMatch(lc, "no-tracking", "", noTrackingRules)...)
	}
	if containsAny(lc, "analytic", "statistic") && !exception && !rxAnalyticsVeto.MatchString(lc) {
		out = append(out, firstMatch(lc, "no-analytics", "", noAnalyticsRules)...)
	}
	if containsAny(lc, "advert", " ads", "ad-free", "ad network", "ad track", "ad target", "ads-free") && !exception {
		out = append(out, firstMatch(lc, "no-advertising", "", noAdvertisingRules)...)
	}
	if containsAny(lc, "fingerprint", "identify", "recogni") && !exception {
		out = append(out, firstMatch(lc, "no-fingerprinting", "", noFingerprintRules)...)
	}
	if rxGPC.MatchString(lc) && !rxGPCNeg.MatchString(lc) {
		out = append(out, firstMatch(lc, "honors-gpc-dnt", "", honorsGPCRules)...)
	}
	return out
}
