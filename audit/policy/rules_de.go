package policy

import (
	"regexp"
	"strconv"
	"strings"
)

// German rules (Datenschutzerklärung) for the core kinds. Rule ids start
// with "de.".

var (
	rxDeException = regexp.MustCompile(`\b(?:außer|ausgenommen|mit\s+ausnahme|es\s+sei\s+denn|sofern|soweit|nur\s+(?:mit|nach|wenn|sofern)|ohne\s+(?:ihre|deine)\s+(?:ausdrückliche\s+)?(?:einwilligung|zustimmung)|abgesehen\s+von)\b`)
	deNoCookies   = []namedRx{
		nrx("keine-cookies", `\bkein(?:e|erlei)\s+cookies\b|\bohne\s+(?:den\s+einsatz\s+von\s+)?cookies\b|\bcookiefrei\b|\bcookie-frei\b`),
	}
	deNoTPCookies = []namedRx{
		nrx("keine-drittanbieter-cookies", `\bkeine\s+(?:drittanbieter-?cookies|third-party-cookies|cookies\s+von\s+drittanbietern|cookies\s+dritter)\b`),
	}
	deEssential = []namedRx{
		nrx("nur-notwendige", `\b(?:nur|ausschließlich|lediglich)\s+(?:technisch\s+|unbedingt\s+)?(?:notwendige|erforderliche|essenzielle|essentielle|funktionale)\s+cookies\b|\bkeine\s+(?:nicht\s+(?:technisch\s+)?notwendigen|optionalen)\s+cookies\b|\bkeine\s+cookies\b[^.;]{0,40}\baußer\b[^.;]{0,40}\b(?:notwendig|erforderlich|essenziell)`),
	}
	deNoTracking = []namedRx{
		nrx("kein-tracking", `\bkein(?:e|en|erlei)?\s+(?:\w+-\s+(?:oder|und)\s+)?tracking\b|\bkeine\s+tracking-?\w*|\bkeine\s+(?:\w+-\s+(?:oder|und)\s+)?tracking-\w*`),
		nrx("nicht-verfolgt", `\b(?:tracken|verfolgen)\s+(?:sie|dich|euch|nutzer\w*|besucher\w*)?\s*nicht\b|\bwerden\s+nicht\s+(?:getrackt|verfolgt)\b|\bohne\s+tracking\b`),
	}
	deNoAnalytics = []namedRx{
		nrx("keine-analyse", `\bkein(?:e|en)?\s+(?:\w+-\s+(?:oder|und)\s+)?(?:analyse-?\w*|webanalyse\w*|analytics\w*|statistik-?\w*|reichweitenmessung|besucherstatistik\w*)`),
		nrx("nicht-analysiert", `\b(?:analysieren|auswerten)\s+(?:ihr\s+\w+\s+)?nicht\b`),
	}
	deNoAds = []namedRx{
		nrx("keine-werbung", `\bkein(?:e|en)?\s+(?:personalisierte\s+|zielgerichtete\s+)?(?:werbung|werbe-?\w*|werbenetzwerke|anzeigen)\b|\bwerbefrei\b`),
	}
	deNoAdPartners = []namedRx{
		nrx("keine-werbepartner", `\b(?:geben|übermitteln|teilen)\b[^.;]{0,60}\b(?:nicht|keine)\b[^.;]{0,40}\bwerbe\w*`),
	}
	deExtra = []struct {
		kind string
		r    namedRx
	}{
		{"no-selling", nrx("verkauf-findet-nicht-statt", `\bverkauf\b[^.;]{0,60}\bfindet\s+nicht\s+statt`)},
		{"no-sharing", nrx("weitergabe-findet-nicht-statt", `\b(?:weitergabe|übermittlung)\b[^.;]{0,80}\bfindet\s+(?:\w+\s+)?nicht\s+statt|\b(?:übermitteln|geben)\s+wir\b[^.;]{0,60}\bnicht\s+an\s+dritte`)},
		{"no-tracking", nrx("keine-nutzerprofile", `\bkeine\s+(?:nutzer|benutzer)?profile\b|\bcookies,\s+die\s+sie\s+(?:tracken|verfolgen)`)},
		{"no-fingerprinting", nrx("kein-fingerprinting", `\bkein\w*\s+fingerprinting`)},
		{"honors-gpc-dnt", nrx("beruecksichtigen", `\b(?:berücksichtigen|respektieren|beachten|befolgen)\b[^.;]{0,40}\b(?:do\s+not\s+track|dnt|global\s+privacy\s+control|gpc)`)},
		{"no-ip-logging", nrx("ip-anonymisiert", `\bip-adressen?\b[^.;]{0,40}\b(?:anonymisiert|gekürzt)`)},
		{"consent-before-tracking", nrx("einwilligung", `\bohne\s+(?:ihre|deine)\s+(?:ausdrückliche\s+)?(?:einwilligung|zustimmung)\s+werden\s+keine|\bnur\s+aktiviert,?\s+wenn\s+sie\b[^.;]{0,60}\bzustimmen|\bwenn\s+sie\b[^.;]{0,60}\b(?:zustimmen|einwilligen)|\bsoweit\s+sie\s+(?:eingewilligt|zugestimmt)|\bnur\s+nach\s+(?:ihrer\s+)?(?:einwilligung|zustimmung)|\bsofern\s+sie\b[^.;]{0,60}\b(?:eingewilligt|zugestimmt)|\berst\b[^.;]{0,40}\b(?:nachdem|wenn)\s+sie\b[^.;]{0,80}\b(?:zugestimmt|eingewilligt|zustimmen|einwilligen|akzeptieren|klicken)|\bstandardm(?:ä|a)ss?ig\s+(?:aus|deaktiviert)`)},
		{"essential-cookies-only", nrx("ausnahme-notwendig", `\bkeine\s+cookies,?\s+mit\s+ausnahme\b[^.;]{0,60}\b(?:session|login|notwendig|erforderlich)|\bein\s+einziges\s+cookie\b`)},
	}
	deNoSelling = []namedRx{
		nrx("nicht-verkauft", `\b(?:verkaufen|vermieten|verkauft|vermietet)\b[^.;]{0,60}\b(?:nicht|niemals|nie|keine)\b|\b(?:nicht|niemals|nie|keine)\b[^.;]{0,60}\b(?:verkauft|vermietet|verkaufen|vermieten)\b|\bkein\w*\s+verkauf`),
	}
	deNoSharing = []namedRx{
		nrx("keine-weitergabe", `\bkeine\s+weitergabe\b[^.;]{0,60}\ban\s+dritte|\b(?:geben|übermitteln|teilen|verkaufen)\b[^.;]{0,60}\b(?:nicht|niemals|keine)\b[^.;]{0,40}\b(?:an\s+dritte|weiter)\b|\bnicht\s+an\s+dritte\s+weiter|\bwerden\s+(?:nicht|niemals|nie)\s+an\s+dritte\s+(?:weitergegeben|übermittelt)`),
	}
	deNoIP = []namedRx{
		nrx("keine-ip", `\bip-adressen?\b[^.;]{0,60}\b(?:nicht|keine|niemals)\b[^.;]{0,30}\b(?:gespeichert|protokolliert|erfasst|geloggt|aufgezeichnet)|\b(?:speichern|protokollieren|erfassen|loggen)\s+(?:\w+\s+)?keine\s+ip-adressen?`),
	}
	rxDeIPVeto = regexp.MustCompile(`anonymisiert|gekürzt|länger\s+als|vollständig`)
	deTransit  = []namedRx{
		nrx("ssl-tls", `verschlüsselt\s+(?:\w+\s+)?(?:über|via|mit)\s+(?:tls|ssl|https)|\b(?:ssl|tls|https)\b[^.;]{0,40}verschlüssel|verschlüsselt\w*\s+(?:übertragen|übermittelt|verbindung)|\bverschlüsselte\s+verbindung`),
	}
	rxDeTLSMin = regexp.MustCompile(`(?:ausschließlich|nur|mindestens)\b[^.;]{0,40}\btls\s*(1\.[0-3])|\btls\s*(1\.[0-3])\s*(?:oder\s+höher|und\s+höher|\+)`)
	deAtRest   = []namedRx{
		nrx("verschluesselt-gespeichert", `verschlüsselt\s+(?:\w+\s+)?gespeichert|verschlüsselte[nm]?\s+(?:speicher|datenbank|festplatte)`),
	}
	rxDePassword = regexp.MustCompile(`passw\w*[^.;]{0,60}(?:gehasht|verschlüsselt|hash|bcrypt|argon)`)
	deConsent    = []namedRx{
		nrx("nur-mit-einwilligung", `\b(?:nur|erst)\s+(?:mit|nach|wenn)\s+(?:ihrer|deiner|sie\s+ihre|du\s+deine)?\s*(?:ausdrücklichen\s+|vorherigen\s+)?(?:einwilligung|zustimmung|eingewilligt|zugestimmt)`),
	}
	rxDeConsentNeed  = regexp.MustCompile(`cookie|analyse|tracking|statistik|werb|marketing`)
	rxDeDuration     = regexp.MustCompile(`\b(\d{1,4}|einen|einem|einer|ein|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|vierzehn|dreißig|neunzig)\s+(stunden?|tage[n]?|tag|wochen?|monate[n]?|monat|jahre[n]?|jahr)\b`)
	rxDeRetentionCue = regexp.MustCompile(`gespeichert|gelöscht|aufbewahrt|speicher|lösch|aufbewahr|bewahren|vorgehalten|anonymisiert`)
	deNumbers        = map[string]int{"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "vierzehn": 14, "dreißig": 30, "neunzig": 90}
	rxDeLocation     = regexp.MustCompile(`\b(?:in|innerhalb)\s+(?:der\s+|des\s+)?(falkenstein|frankfurt|nürnberg|eu|europäischen\s+union|deutschland|ewr|europäischen\s+wirtschaftsraums|europa|der\s+schweiz|schweiz|österreich)\b`)
	rxDeLocationCue  = regexp.MustCompile(`gespeichert|gehostet|verarbeitet|server|standort|rechenzentr|gehalten`)
	deRegions        = map[string]string{"falkenstein": "Germany", "frankfurt": "Germany", "nürnberg": "Germany", "eu": "EU", "europäischen union": "EU", "europa": "EU", "deutschland": "Germany", "ewr": "EEA", "europäischen wirtschaftsraums": "EEA", "schweiz": "Switzerland", "der schweiz": "Switzerland", "österreich": "Austria"}
)

// looksGerman is a cheap gate: English sentences skip the German rules.
func looksGerman(lc string) bool {
	return containsAny(lc, "kein", "nicht", "wir ", " und ", "ä", "ö", "ü", "ß", " der ", " die ", " das ", "werden", "ohne ", "verzicht", " nur ", " ist ", "sie ")
}

// deRules reads the German claims.
func deRules(c *ruleCtx, s *sentence, lc string) []hit {
	if !looksGerman(lc) {
		return nil
	}
	var out []hit
	exc := rxDeException.MatchString(lc)
	if strings.Contains(lc, "cookie") {
		if !exc && (!containsAny(lc, "notwendig", "erforderlich") || strings.Contains(lc, "auch keine")) {
			// "Matomo … ohne Cookies" describes how a tool runs, not the site.
			toolMode := strings.Contains(lc, "ohne cookies") && c != nil && c.orgs != nil && len(c.orgs.findOrgs(s.text)) > 0
			if h := firstMatch(lc, "no-cookies", "", deNoCookies); h != nil && !toolMode && !containsAny(lc, "drittanbieter", "cookies dritter", "cookies von dritt", "einstellen", "falls sie", "wenn sie", ", die", "wünschen") {
				out = append(out, h...)
			}
		}
		if !exc {
			out = append(out, firstMatch(lc, "no-third-party-cookies", "", deNoTPCookies)...)
		}
		out = append(out, firstMatch(lc, "essential-cookies-only", "", deEssential)...)
	}
	if !exc {
		out = append(out, firstMatch(lc, "no-tracking", "", deNoTracking)...)
		out = append(out, firstMatch(lc, "no-analytics", "", deNoAnalytics)...)
		out = append(out, firstMatch(lc, "no-advertising", "", deNoAds)...)
		if strings.Contains(lc, "werbe") {
			out = append(out, firstMatch(lc, "no-advertising", "", deNoAdPartners)...)
		} else {
			out = append(out, firstMatch(lc, "no-sharing", "", deNoSharing)...)
		}
		if !rxDeIPVeto.MatchString(lc) {
			out = append(out, firstMatch(lc, "no-ip-logging", "", deNoIP)...)
		}
	}
	out = append(out, firstMatch(lc, "no-selling", "", deNoSelling)...)
	for _, x := range deExtra {
		if x.r.rx.MatchString(lc) {
			out = append(out, hit{kind: x.kind, rule: x.kind + "." + x.r.name})
		}
	}
	if h := firstMatch(lc, "encrypts-in-transit", "", deTransit); h != nil {
		if m := rxDeTLSMin.FindStringSubmatch(lc); m != nil {
			h[0].subject = "TLS " + m[1] + m[2]
		}
		out = append(out, h...)
	}
	out = append(out, firstMatch(lc, "encryption-at-rest", "", deAtRest)...)
	if rxDePassword.MatchString(lc) {
		out = append(out, hit{kind: "password-hashing", rule: "password-hashing.gehasht"})
	}
	if rxDeConsentNeed.MatchString(lc) {
		out = append(out, firstMatch(lc, "consent-before-tracking", "", deConsent)...)
	}
	if rxDeRetentionCue.MatchString(lc) {
		for _, m := range rxDeDuration.FindAllStringSubmatch(lc, -1) {
			out = append(out, hit{kind: "retention", subject: deDuration(m[1], m[2]), rule: "retention.zeitraum"})
		}
	}
	if rxDeLocationCue.MatchString(lc) && !strings.Contains(lc, "außerhalb") {
		if m := rxDeLocation.FindStringSubmatch(lc); m != nil {
			out = append(out, hit{kind: "data-location", subject: deRegions[strings.Join(strings.Fields(m[1]), " ")], rule: "data-location.gespeichert-in"})
		}
	}
	return out
}

// deDuration normalises a German duration to the English subject form.
func deDuration(num, unit string) string {
	n, err := strconv.Atoi(num)
	if err != nil {
		n = deNumbers[num]
	}
	var u string
	switch {
	case strings.HasPrefix(unit, "stunde"):
		u = "hour"
	case strings.HasPrefix(unit, "tag"):
		u = "day"
	case strings.HasPrefix(unit, "woche"):
		u = "week"
	case strings.HasPrefix(unit, "monat"):
		u = "month"
	default:
		u = "year"
	}
	if n != 1 {
		u += "s"
	}
	return strconv.Itoa(n) + " " + u
}
