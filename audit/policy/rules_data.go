package policy

import (
	"regexp"
	"strings"
)

// Data-handling claims a browser cannot check: no-selling, no-sharing and
// no-ip-logging.

var (
	noSellingRules = []namedRx{
		nrx("negated-sell", `\b`+reNeg+reGap+`[^.;]{0,40}?\b(?:sell|sells|selling|rent|rents|renting|trade|trades|monetis\w*|monetiz\w*|lease)\b`),
		nrx("not-sold", `\b`+reNeg+`\b[^.;]{0,40}?\b(?:sold|rented|traded|monetis\w*|monetiz\w*)\b`),
		nrx("no-data-sold", `\bno\s+(?:personal\s+|user\s+|customer\s+)?(?:data|information|details)\b[^.;]{0,30}\b(?:is|are|will\s+be|gets?|ever)\s+(?:ever\s+)?sold\b`),
		nrx("never-sale", `\b(?:no|never\s+(?:any|a))\s+sale\s+of\s+(?:your\s+)?(?:personal\s+)?(?:data|information)\b`),
	}
	rxSellVeto = regexp.MustCompile(`\b(?:sell|sells|selling)\s+(?:\w+\s+)?(?:ads|advertising|advertisements|ad\s+space|products?|goods|services|subscriptions?|tickets|anything\s+to\s+you|merchandise)\b|\b(?:children|child|minors?|under\s+the\s+age|under\s+1[3-8])\b|\bif\s+we\s+(?:sell|are\s+sold)|\b(?:may|might|could)\s+(?:sell|be\s+sold)|\bif\s+you\s+(?:do\s+not|don't)\b|\bopt[- ]out\s+of\s+(?:the\s+)?(?:sale|selling)|\bsell\s+you\b|\b(?:partners|they|third\s+parties|vendors|providers)\s+(?:do|does|will)\s+not\s+sell`)

	noSharingRules = []namedRx{
		nrx("negated-share", `\b`+reNeg+reGap+`[^.;]{0,40}?\b(?:share|shares|sharing|disclose|discloses|give\s+away|give|pass\s+on|hand\s+over|transfer|distribute)\b`),
		nrx("not-shared", `\b`+reNeg+`\b[^.;]{0,40}?\b(?:shared|disclosed|given\s+away|passed\s+on|handed\s+over|distributed)\b`),
		nrx("nothing-passed-on", `\bnothing\b[^.;]{0,30}\b(?:is|gets|will\s+be)\s+(?:ever\s+)?(?:shared|passed\s+on|disclosed|given|sent)\s+(?:on\s+)?to\s+(?:any\s+)?third\s+part`),
		nrx("no-sharing", `\bno\s+(?:personal\s+)?(?:data|information)\b[^.;]{0,30}\b(?:is|are|will\s+be)\s+(?:ever\s+)?(?:shared|disclosed)\b|\bno\s+(?:data\s+)?sharing\b`),
	}
	rxShareWith    = regexp.MustCompile(`\b(?:share|shares|sharing|shared|disclose|disclosed|give\s+away|given\s+away|pass\s+on|passed\s+on|hand\s+over|handed\s+over|transfer|distribute|distributed|provide)\b[^.;]{0,60}?\b(?:with|to)\s+([^.;,]{0,60})`)
	rxGenericParty = regexp.MustCompile(`^(?:any\s+|other\s+|outside\s+|external\s+|unaffiliated\s+)*(?:third[- ]part(?:y|ies)|anyone|anybody|others|other\s+(?:companies|organi[sz]ations|parties|people|users|businesses)|companies|parties|organi[sz]ations|outside\s+parties|external\s+parties|any\s+other|no\s+one|nobody|partners|businesses|the\s+outside\s+world|third\s+parties)`)
	rxShareLimit   = regexp.MustCompile(`\bfor\s+(?:their\s+own\s+)?(?:marketing|advertising|commercial|promotional)\s+purposes\b|\bfor\s+their\s+own\b|\bsell\s+or\s+share\b.*\bexcept`)
	rxShareHedge   = regexp.MustCompile(`\b(?:may|might|could)\s+(?:share|disclose|be\s+shared)|\bwe\s+share\b|\boutside\s+(?:of\s+)?(?:the\s+|your\s+)?(?:eu|eea|european|uk|united|country|countries|region|us|usa)\b|\b(?:abroad|overseas|countries)\b|\bif\s+you\b|\bopt[- ]out\b|\bsell\s+or\s+share\s+my\b|\botherwise\s+disclose\b|\bconsideration\b`)

	noIPRules = []namedRx{
		nrx("negated-store", `\b`+reNeg+reGap+`[^.;]{0,30}?\b(?:log|logs|store|stores|record|records|keep|keeps|collect|collects|retain|retains|save|saves|track|tracks|gather|persist)\b[^.;]{0,80}?\bip(?:\s+address(?:es)?|s)?\b`),
		nrx("ip-not-stored", `\bip(?:\s+address(?:es)?|s)?\s+(?:is|are|will|will\s+be|won't\s+be|shall|get|gets)\s+(?:\w+\s+)?(?:not|never)\s+(?:be\s+)?(?:logged|stored|recorded|kept|collected|retained|saved|persisted)\b`),
		nrx("not-written", `\b`+reNeg+reGap+`\s+(?:write|writes|record|records|store|stores|log|logs|keep|keeps)\s+(?:it|them|ip\s+addresses|your\s+ip(?:\s+address)?)\b`),
		nrx("discarded", `\bip(?:\s+address)?\b[^.;]{0,80}\b(?:discard|discards|discarded|delete|deletes|deleted)\s+(?:it|them)?\s*(?:immediately|right\s+away|without\s+(?:storing|logging|saving))`),
		nrx("not-kept", `\bnot\s+your\s+ip(?:\s+address)?\b[^.;]{0,60}\b(?:is|are)\s+(?:kept|stored|logged|recorded)`),
		nrx("label-not-logged", `\bip\s+address(?:es)?\s*:\s*not\s+(?:logged|stored|recorded|kept)`),
		nrx("truncated", `\b(?:remove|removes|removed|zero|zeroes|zeroed|truncate|truncates|drop|drops|strip|strips|delete|deletes)\b[^.;]{0,30}\blast\s+(?:two\s+|three\s+|one\s+)?(?:bytes?|octets?)\b|\blast\s+octet\s+is\s+(?:zeroed|removed|dropped|deleted)\b`),
		nrx("anonymised", `\bip(?:\s+address(?:es)?|s)?\s+(?:is|are|will\s+be|get|gets)\s+(?:\w+\s+)?(?:anonymi[sz]ed|truncated|shortened|masked)\b|\b(?:anonymi[sz]e|anonymi[sz]es|truncate|truncates|shorten|shortens|mask|masks)\s+(?:your\s+|the\s+|all\s+|visitors'\s+)?ip`),
		nrx("no-access-logs", `\b`+reNeg+reGap+`\s+(?:keep|store|retain|have)\s+(?:any\s+)?(?:web\s+)?(?:server\s+)?(?:access\s+)?logs\b`),
		nrx("no-ip-logs", `\bno\s+ip\s+(?:address(?:es)?\s+)?(?:logs?|logging|logged|stored|recorded|are\s+(?:logged|stored|recorded))\b`),
	}
	rxIPVeto = regexp.MustCompile(`\b(?:longer\s+than|more\s+than|beyond|after\s+\d+|for\s+more\s+than|full\s+ip\s+address\w*\s+(?:is|are)\s+(?:stored|kept|logged)|to\s+identify|for\s+(?:advertising|marketing|tracking)|except|unless|only|other\s+than|permanently|alongside|together\s+with|link)\w*`)
)

// enDataRules reads no-selling, no-sharing and no-ip-logging.
func enDataRules(_ *ruleCtx, _ *sentence, lc string) []hit {
	if !containsAny(lc, "not", "n't", "never", "no ", "nothing", "without", "truncat", "anonymi", "discard", "mask", "shorten") {
		return nil // every claim here is a denial
	}
	var out []hit
	if containsAny(lc, "sell", "sold", "sale", " rent", "trade", "moneti") && !rxSellVeto.MatchString(lc) {
		// An exception stays in the quote: "we do not sell … except …" is
		// still a promise not to sell, limited by its own words.
		out = append(out, firstMatch(lc, "no-selling", "", noSellingRules)...)
	}
	if containsAny(lc, "shar", "disclos", "give", "given away", "pass", "hand", "transfer", "distribut", "provide") && sharingIsGeneral(lc) {
		out = append(out, firstMatch(lc, "no-sharing", "", noSharingRules)...)
	}
	if containsAny(lc, " ip", "ip ", "ip-", "ips", "logs") && !rxIPVeto.MatchString(lc) && !rxException.MatchString(lc) {
		out = append(out, firstMatch(lc, "no-ip-logging", "", noIPRules)...)
	}
	return out
}

// sharingIsGeneral rejects sentences whose "we do not share" is limited to
// certain recipients, certain data, certain purposes or has exceptions.
func sharingIsGeneral(lc string) bool {
	// An exception keeps the claim ("… save where required by law"); the
	// quote carries it to the report.
	if rxShareLimit.MatchString(lc) || rxShareHedge.MatchString(lc) {
		return false
	}
	for _, m := range rxShareWith.FindAllStringSubmatch(lc, -1) {
		rec := strings.TrimSpace(m[1])
		rec = strings.TrimPrefix(rec, "us ")
		if rec == "us" || strings.HasPrefix(rec, "us ") {
			continue
		}
		if !rxGenericParty.MatchString(rec) {
			return false
		}
	}
	return true
}
