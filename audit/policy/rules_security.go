package policy

import (
	"regexp"
	"strings"
)

// Security claims: encrypts-in-transit, security-headers,
// password-hashing and encryption-at-rest.

var (
	rxTLSMin     = regexp.MustCompile(`\btls\s*\)?\s*(?:v(?:ersion)?\s*)?(1\.[0-3])\s*(?:\+|or\s+(?:higher|later|above|newer|greater|better)|and\s+(?:above|higher|later|newer)|only|and\s+(?:tls\s*)?1\.[0-3]\s+only)|\b(?:at\s+least|minimum(?:\s+of)?|only|no\s+lower\s+than|requires?)\s+(?:tls|https\s+with\s+tls)\s*(?:v(?:ersion)?\s*)?(1\.[0-3])\b|\btls\s*(?:v(?:ersion)?\s*)?(1\.[0-3])\b`)
	transitRules = []namedRx{
		nrx("tls-https", `\b(?:https|tls|ssl|ssl/tls|tls/ssl|hsts)\b(?:[^.;]|\.\d){0,80}\b(?:in\s+transit|encrypt\w*|secur\w*|protect\w*|connections?|traffic|settings|certificates?|enforced|everywhere|all\s+(?:pages|requests|data|traffic|connections))|\b(?:use|uses|using|via|over|with|through|enforce|enforces|serve|served|protected\s+by|secured\s+(?:by|with)|encrypted\s+(?:by|with|using))\s+(?:\w+\s+)?(?:https|tls|ssl)\b|\b(?:https|tls|ssl)\s+(?:encryption|only|everywhere|connections?)\b`),
		nrx("encrypted-in-transit", `\bencrypt\w*\b[^.;]{0,60}\b(?:in\s+transit|during\s+(?:transmission|transfer)|in\s+transmission|when\s+(?:transmitted|sent)|while\s+(?:being\s+)?(?:transmitted|in\s+transit)|between\s+your\s+(?:browser|device|computer)\s+and|over\s+the\s+(?:internet|network))|\b(?:in\s+transit|transmitted|transmission)\b[^.;]{0,40}\bencrypt`),
		nrx("tls-version", `\b(?:support|supports|accept|accepts|require|requires|enforce|enforces)\s+(?:only\s+)?tls\s*(?:v(?:ersion)?\s*)?1\.[0-3]\b`),
		nrx("in-transit-label", `\bin\s+transit\s*:\s*(?:tls|https|ssl)\b|\bencrypted\b[^.;]{0,30}\bin\s+transit\b`),
		nrx("redirect-https", `\bredirect\w*\s+(?:\w+\s+){0,2}?to\s+https\b|\bhttps\s+only\b|\bover\s+https\b`),
		nrx("secure-connection", `\bconnections?\b[^.;]{0,60}\b(?:is|are|it's|it\s+is|remains?|always)\s+(?:\w+\s+)?(?:secure|encrypted|secured)\b|\b(?:secure|encrypted)\s+(?:https\s+)?connections?\b`),
	}
	rxTransitVeto = regexp.MustCompile(`\b(?:not|n't|never|no)\s+(?:\w+\s+){0,2}?(?:https|tls|ssl|encrypt\w*|secure)\b|\bcannot\s+guarantee|\bnot\s+(?:be\s+)?guaranteed|\bno\s+(?:method|system|transmission)|\b(?:if|whether)\s+(?:the|a|your)\s+(?:site|website|connection)|\bbrowser\s+may|\bresponsibility\b`)

	headerRules = []namedRx{
		nrx("security-headers", `\bsecurity\s+headers?\b`),
		nrx("named-header", `\b(?:content[- ]security[- ]policy|csp|strict[- ]transport[- ]security|hsts|x-frame-options|x-content-type-options|referrer[- ]policy|permissions[- ]policy|cross-origin-opener-policy)\b`),
	}
	rxHeaderCue  = regexp.MustCompile(`\b(?:blocks?|includes?|response|responses|allows?|only|use|uses|set|sets|send|sends|enforce|enforces|implement|implements|configured?|examine|headers?|enabled|deploy|apply|applies|strict|preload|check)\b`)
	rxHeaderVeto = regexp.MustCompile(`\b(?:not|n't|never|no)\s+(?:\w+\s+){0,4}?(?:security\s+headers?|csp|hsts|content[- ]security)|\bwhat\s+(?:are|is)\b|\bany\s+(?:web)?site\b`)

	rxPasswordHash = regexp.MustCompile(`\b(?:hash|hashed|hashes|hashing|salted|salt|bcrypt|argon2\w*|scrypt|pbkdf2|one-way)\b|\bnot\s+(?:be\s+)?stored\s+(?:in\s+)?(?:plain\s*text|clear\s*text|the\s+clear|readable\s+form)|\bnever\s+(?:\w+\s+)?(?:stored|store|keep|kept|saved)\b[^.;]{0,40}\b(?:plain\s*text|clear\s*text|the\s+clear)|\b(?:is|are)\s+(?:\w+\s+)?encrypted\b|\b(?:do|does|will)\s+not\s+store\s+(?:your\s+)?passwords?\s+in\s+(?:plain|clear)\s*text|\bencrypted\s+(?:form|format|password)|\bpasswords?\s+(?:are|is)\s+(?:securely\s+)?encrypted`)
	rxPasswordVeto = regexp.MustCompile(`\b(?:do|does|will)\s+not\s+(?:hash|encrypt)|\bnot\s+(?:hashed|encrypted|salted)\b|\bask\s+(?:you\s+)?for\s+your\s+password|\bshare\s+your\s+password`)
	atRestRules    = []namedRx{
		nrx("at-rest", `\bencrypted\b[^.;]{0,30}\bat\s+rest\b|\bencrypt\w*\s+(?:\w+\s+){0,3}?at\s+rest\b|\bat[- ]rest\s+encryption\b|\b(?:encryption|encrypted)\s+(?:both\s+)?in\s+transit\s+and\s+at\s+rest\b`),
		nrx("encrypted-storage", `\bencrypted\s+(?:in\s+storage|when\s+stored|on\s+disk|databases?|storage|backups?|volumes?|disks?|drives?)\b|\b(?:databases?|backups?|disks?|drives?|storage|volumes|stored\s+data|data\s+stored|files\s+stored)\b[^.;]{0,40}\b(?:are|is)\s+(?:\w+\s+)?encrypted\b|\bstored\s+(?:in\s+)?(?:an\s+)?encrypted\b|\bfull[- ]disk\s+encryption\b|\baes[- ]?256\b`),
	}
	rxAtRestVeto = regexp.MustCompile(`\bnot\s+at\s+rest\b|\b(?:not|n't|never)\s+(?:\w+\s+){0,2}?encrypt|\bunencrypted\b|\bpasswords?\b[^.;]{0,20}\bencrypted`)
)

// enSecurityRules reads the security claims.
func enSecurityRules(_ *ruleCtx, _ *sentence, lc string) []hit {
	var out []hit
	if containsAny(lc, "tls", "ssl", "https", "transit", "encrypt", "connection", "hsts") && !rxTransitVeto.MatchString(lc) {
		if h := firstMatch(lc, "encrypts-in-transit", "", transitRules); h != nil {
			if m := rxTLSMin.FindStringSubmatch(lc); m != nil {
				for _, v := range m[1:] {
					if v != "" {
						h[0].subject = "TLS " + v
						break
					}
				}
			}
			out = append(out, h...)
		}
	}
	if containsAny(lc, "header", "csp", "hsts", "content security", "content-security", "x-frame", "referrer", "transport-security", "transport security") && rxHeaderCue.MatchString(lc) && !rxHeaderVeto.MatchString(lc) {
		out = append(out, firstMatch(lc, "security-headers", "", headerRules)...)
	}
	if strings.Contains(lc, "password") && rxPasswordHash.MatchString(lc) && !rxPasswordVeto.MatchString(lc) {
		out = append(out, hit{kind: "password-hashing", rule: "password-hashing.hashed"})
	}
	if containsAny(lc, "encrypt", "aes") && !rxAtRestVeto.MatchString(lc) && !rxPastPractice.MatchString(lc) {
		out = append(out, firstMatch(lc, "encryption-at-rest", "", atRestRules)...)
	}
	return out
}
