package policy

import (
	"regexp"
	"strconv"
	"strings"
)

// Retention and data-location claims.

var (
	rxDuration      = regexp.MustCompile(`\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|eighteen|twenty|twenty-four|thirty|sixty|ninety|a|an)[- ](?:\(\d+\)\s+)?(?:calendar[- ]|full[- ]|business[- ]|working[- ]|consecutive[- ])?(hours?|days?|weeks?|months?|years?)\b`)
	rxParenDuration = regexp.MustCompile(`\b[\w-]+\s+\((\d{1,4})\)\s+(?:calendar\s+|business\s+)?(hours?|days?|weeks?|months?|years?)\b`)
	rxRetentionCue  = regexp.MustCompile(`\b(?:retain|retained|retains|retaining|retention|keep|kept|keeps|keeping|store|stored|stores|storing|delete|deleted|deletes|deleting|deletion|erase|erased|purge|purged|purges|remove|removed|archive|archived|archives|logs?|expire|expires|expired|expiry|expiration|held|hold|holds|preserve|preserved|anonymi[sz]ed|anonymi[sz]e|discard|discarded|destroy|destroyed|saved|save|maximum|up\s+to|no\s+longer\s+than|lifetime|persist|persists)\b`)
	rxRetentionHead = regexp.MustCompile(`(?i)retention|how long|keep|retain|storage period|store|deletion|aufbewahr|speicherdauer|löschung`)
	rxRetentionVeto = regexp.MustCompile(`\b(?:respond|response|reply|answer|notify|notification|notice\s+period|last\s+updated|ago|years?\s+old|aged|age\s+of|under\s+(?:the\s+age|\d+)|trial|refund|billing\s+cycle|of\s+(?:your\s+|the\s+)?(?:request|receipt|confirmation)|(?:days?|hours?)\s+(?:notice|prior)|breach|expiry|expires|remember\s+me|signed\s+in|logged\s+in|in\s+the\s+(?:last|past)|over\s+the\s+(?:last|past)|every\s+\d)\b`)

	numberWords = map[string]int{"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "eighteen": 18, "twenty": 20,
		"twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90}
)

// enRetentionRules reads retention periods: a duration in a sentence that
// speaks of keeping or deleting data, or under a retention heading.
func enRetentionRules(_ *ruleCtx, s *sentence, lc string) []hit {
	if !containsAny(lc, "hour", "day", "week", "month", "year") {
		return nil
	}
	var paren [][]string
	if strings.Contains(lc, "(") {
		paren = rxParenDuration.FindAllStringSubmatch(lc, -1)
		lc = rxParenDuration.ReplaceAllString(lc, " ")
	}
	ms := append(paren, rxDuration.FindAllStringSubmatch(lc, -1)...)
	if ms == nil || rxRetentionVeto.MatchString(lc) || strings.Contains(lc, "cookie") || strings.Contains(s.text, " | ") {
		return nil
	}
	rule := "retention.period"
	if !rxRetentionCue.MatchString(lc) && !rxRetentionCue.MatchString(s.question) {
		if !rxRetentionHead.MatchString(s.section) {
			return nil
		}
		rule = "retention.period-under-heading"
	}
	var out []hit
	for _, m := range ms {
		if (m[1] == "a" || m[1] == "an") && !containsAny(lc, "for "+m[1]+" "+m[2], "within "+m[1]+" "+m[2], "after "+m[1]+" "+m[2], "to "+m[1]+" "+m[2], "of "+m[1]+" "+m[2]) {
			continue
		}
		out = append(out, hit{kind: "retention", subject: durationSubject(m[1], m[2]), rule: rule})
	}
	return out
}

// durationSubject normalises "seven", "day" to "7 days".
func durationSubject(num, unit string) string {
	n, err := strconv.Atoi(num)
	if err != nil {
		n = numberWords[num]
	}
	unit = strings.TrimSuffix(unit, "s")
	if unit == "" {
		unit = "day"
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}

// Regions a policy may say data is stored in, and the canonical name of
// each.
var (
	rxRegion    = regexp.MustCompile(`(?i:\b(?:the\s+)?(european\s+union|european\s+economic\s+area|germany|united\s+states(?:\s+of\s+america)?|united\s+kingdom|switzerland|canada|ireland|france|the\s+netherlands|netherlands|finland|sweden|norway|iceland|austria|australia|japan|singapore|frankfurt|amsterdam|dublin|paris|london|helsinki|falkenstein|nuremberg|zurich|zürich|europe|italy|belgium|spain|poland|denmark)\b)|\b(EU|EEA|USA|US|UK|U\.S\.|U\.K\.)\b`)
	regionNames = map[string]string{"european union": "EU", "eu": "EU", "european economic area": "EEA", "eea": "EEA", "europe": "EU",
		"united states": "United States", "united states of america": "United States", "usa": "United States", "us": "United States", "u.s.": "United States",
		"united kingdom": "United Kingdom", "uk": "United Kingdom", "u.k.": "United Kingdom", "the netherlands": "Netherlands",
		"frankfurt": "Germany", "amsterdam": "Netherlands", "dublin": "Ireland", "paris": "France", "london": "United Kingdom", "helsinki": "Finland",
		"falkenstein": "Germany", "nuremberg": "Germany", "nürnberg": "Germany", "zurich": "Switzerland", "zürich": "Switzerland"}
	// cloudRegions folds cloud region codes into their country.
	cloudRegions = map[string]string{"eu-west-1": "Ireland", "eu-west-2": "United Kingdom", "eu-west-3": "France", "eu-central-1": "Germany",
		"eu-central-2": "Switzerland", "eu-north-1": "Sweden", "eu-south-1": "Italy", "us-east-1": "United States", "us-east-2": "United States",
		"us-west-1": "United States", "us-west-2": "United States", "ca-central-1": "Canada", "europe-west3": "Germany", "europe-west1": "Belgium",
		"europe-west4": "Netherlands", "europe-west2": "United Kingdom", "europe-north1": "Finland"}
	rxLocationCue  = regexp.MustCompile(`\b(?:hosting|location|region|infrastructure|leaves?|stored|store|stores|hosted|host|hosts|located|kept|keep|processed|process|processes|reside|resides|housed|saved|run|runs|operated|servers?|data\s*cent(?:er|re)s?|never\s+leaves?|remains?|stays?)\b`)
	rxLocationVeto = regexp.MustCompile(`\b(?:outside|may\s+be|might\s+be|could\s+be|may\s+transfer|transferred\s+to\s+(?:the\s+)?(?:us|united)|countries\s+other|other\s+countries|any\s+country|registered|headquartered|incorporated|office|offices|address|where\s+(?:our|the)\s+(?:service\s+providers|partners))\b`)
	regionHints    = []string{"eu", "eea", "europ", "states", "kingdom", "germany", "switzerland", "canada", "ireland", "france", "netherlands",
		"finland", "sweden", "norway", "iceland", "austria", "australia", "japan", "singapore", "frankfurt", "amsterdam", "dublin", "paris",
		"london", "helsinki", "falkenstein", "nuremberg", "zurich", "zürich", "italy", "belgium", "spain", "poland", "denmark", " us", "usa", "u.s", "uk", "u.k"}
	rxInBefore    = regexp.MustCompile(`(?:\b(?:in|within|inside|leaves?|aws)\s*(?:the\s*)?(?:aws\s+)?|[(:,]\s*|^\W*)$`)
	rxCloudRegion = regexp.MustCompile(`\b(?:[a-z]{2}|eu|us|ap|sa|ca|me|af)-(?:west|east|central|north|south|northeast|southeast|northwest|southwest)-\d\b|\b(?:europe|us|asia)-(?:west|east|central|north|south)\d\b`)
)

var (
	// rxLocationOption is a location a customer may choose, or that data
	// may go to: an option, not where the data is.
	rxLocationOption = regexp.MustCompile(`\b(?:can|may|could)\s+(?:choose|select|opt)\b|\bchoice\s+of\b|\boption\s+to\b|\bmay\s+(?:process|store|host|keep)\b`)
	// rxPostalAddress is a street address: where a company sits, not
	// where the data is.
	rxPostalAddress = regexp.MustCompile(`\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Way|Drive|Lane|Ln)\b|\b[A-Z]{2}\s+\d{5}\b|\b\d{5}\s+[A-Z][a-zäöü]+(?:\s|,|$)`)
)

// enLocationRules reads data-location: data stored, hosted or processed
// in a named region.
func enLocationRules(_ *ruleCtx, s *sentence, lc string) []hit {
	if !containsAny(lc, regionHints...) {
		return nil
	}
	if !rxLocationCue.MatchString(lc) || rxLocationVeto.MatchString(lc) || rxPastPractice.MatchString(lc) || rxLocationOption.MatchString(lc) || rxPostalAddress.MatchString(s.text) {
		return nil
	}
	locs := rxRegion.FindAllStringSubmatchIndex(s.text, -1)
	if locs == nil {
		return nil
	}
	var main string
	var details []string
	for _, l := range locs {
		var name string
		if l[2] >= 0 {
			name = s.text[l[2]:l[3]]
		} else {
			name = s.text[l[4]:l[5]]
		}
		// the region must follow "in"/"within" closely
		pre := strings.ToLower(s.text[max(0, l[0]-12):l[0]])
		key := strings.ToLower(strings.Join(strings.Fields(name), " "))
		canon := regionNames[key]
		if canon == "" {
			canon = titleWords(name)
		}
		if main == "" {
			if !rxInBefore.MatchString(pre) {
				continue
			}
			main = canon
			continue
		}
		if canon != main && !contains(details, canon) {
			details = append(details, canon)
		}
	}
	if main == "" {
		return nil
	}
	places := []string{main}
	for _, c := range rxCloudRegion.FindAllString(lc, -1) {
		if country := cloudRegions[c]; country != "" && !contains(places, country) {
			places = append(places, country)
		}
	}
	for _, d := range details {
		if !contains(places, d) {
			places = append(places, d)
		}
	}
	out := make([]hit, 0, len(places))
	for _, p := range places {
		out = append(out, hit{kind: "data-location", subject: p, rule: "data-location.stored-in"})
	}
	return out
}

func titleWords(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if w == "the" || w == "The" {
			f[i] = ""
			continue
		}
		f[i] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
	}
	return strings.TrimSpace(strings.Join(f, " "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
