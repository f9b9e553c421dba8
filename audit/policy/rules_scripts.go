package policy

import (
	"regexp"
	"strings"
)

// Third-party script and consent claims: no-third-party-scripts and
// consent-before-tracking.

var (
	noScriptsRules = []namedRx{
		nrx("no-third-party-scripts", `(?:^|[^\w-])(?:no|zero)\s+(?:third[- ]party|3rd[- ]party|external)\s+(?:scripts|javascript|js|code|resources|requests|assets|embeds|libraries|fonts|cdns?)\b`),
		nrx("negated-load", `\b`+reNeg+reGap+`\s+(?:load|loads|use|uses|include|includes|embed|embeds|run|runs|serve|serves|execute|call|make\s+requests\s+to|rely\s+on|pull\s+in|have|has)\s+(?:any\s+)?(?:(?:third[- ]party|3rd[- ]party|external)\s+(?:scripts|javascript|js|code|resources|assets|libraries|fonts|cdns?|requests|widgets|embeds)|(?:scripts|javascript|code|resources|fonts|assets|files|content)\s+(?:from|hosted\s+(?:by|on))\s+(?:any\s+)?(?:third[- ]part(?:y|ies)|external\s+(?:servers|domains|sources|services)|other\s+(?:domains|servers)))\b`),
		nrx("self-hosted", `\b(?:all|every)\s+(?:of\s+(?:our|the)\s+)?(?:scripts|javascript|resources|assets|code)\b[^.;]{0,60}\b(?:self[- ]hosted|hosted\s+(?:on\s+our\s+own|locally|by\s+us)|served\s+from\s+our\s+own)|\bself[- ]hosts?\s+(?:all|every)\b`),
		nrx("own-origin", `\b(?:all|every|the\s+little)\s+(?:of\s+the\s+)?(?:javascript|scripts?)\b[^.;]{0,60}\b(?:self[- ]hosted|served\s+by\s+us|written\s+and\s+served\s+by\s+us|own\s+origin|our\s+own\s+(?:domain|server|origin))|\bblocks?\s+scripts\s+from\s+any\s+(?:origin|domain|source)\s+other\s+than\s+our\s+own|\bjavascript\s+(?:it\s+has\s+)?is\s+self[- ]hosted`),
		nrx("passive", `\b(?:third[- ]party|3rd[- ]party|external)\s+(?:scripts|javascript|resources|code)\s+(?:are|is)\s+(?:not|never)\s+(?:\w+\s+)?(?:loaded|used|included|embedded|run|served)\b`),
	}
	rxScriptNarrow = regexp.MustCompile(`(?:tracking|analytics|advertising|marketing|ad)\s+(?:scripts|javascript|code|pixels)`)

	rxConsentNeed = regexp.MustCompile(`cookie|analytic|track|advertis|marketing|pixel|script|statistic|non-?essential|optional|tag|third[- ]part`)
	consentRules  = []namedRx{
		nrx("only-after-consent", `\b(?:only|not|never|no|nothing)\b[^.;]{0,100}\b(?:until|unless|before|after|once|if|when|with|without)\s+(?:you\s+(?:have\s+|explicitly\s+|actively\s+)?(?:given\s+|give\s+|provide\s+|provided\s+|grant\s+|granted\s+)?(?:your\s+)?(?:explicit\s+|prior\s+|express\s+|active\s+)?(?:consent|consented|agree|agreed|accept|accepted|opt(?:ed)?[- ]in|allow|allowed|click)|(?:your|the\s+user's|users')\s+(?:explicit\s+|prior\s+|express\s+|active\s+|affirmative\s+)?(?:consent|permission|opt-in|agreement)|(?:prior|explicit|express|active)\s+consent)`),
		nrx("only-after-agree", `\bonly\s+after\s+you\s+(?:agree|consent|accept|opt\s+in)|\binsofar\s+as\s+(?:you|the\s+user)\s+(?:have|has)\s+(?:given\s+)?consent|^unless\s+you\s+have\s+opted\s+in\b[^.;]*\bno\s+`),
		nrx("ask-first", `\bask(?:s|ing)?\s+(?:for\s+)?(?:your\s+)?(?:explicit\s+|prior\s+)?(?:consent|permission)\s+(?:before|prior\s+to)\b`),
		nrx("set-after-consent", `\b(?:are|is|will\s+be)\s+(?:only\s+)?(?:set|loaded|activated|enabled|used|placed|stored|run|fired)\s+(?:only\s+)?(?:after|once|if|when)\s+(?:you\s+(?:have\s+)?(?:consent|consented|agree|agreed|accept|accepted|opt(?:ed)?[- ]in|given)|(?:your\s+)?consent\s+(?:is|has\s+been)\s+given)`),
		nrx("with-permission", `\bwith\s+your\s+(?:permission|consent)\b|\b(?:stay|stays|remain|remains|are|is)\s+(?:switched\s+)?off\s+until\s+you\b|\boff\s+by\s+default\b|^if\s+you\s+(?:allow|accept|consent\s+to|agree\s+to|opt\s+in\s+to|switch\s+on)\s+(?:\w+\s+){0,2}cookies\b`),
		nrx("only-if-you-accept", `\bonly\s+(?:if|when|after)\s+you\s+(?:select|choose|click|tick|press|switch\s+on|turn\s+on|enable)\b[^.;]{0,40}\b(?:accept|allow|agree)|\bonly\s+(?:to|for)\s+(?:readers|visitors|users|people|those)\s+who\s+(?:accept|agree|consent|opt\s+in)`),
		nrx("opt-in", `\b(?:strictly\s+|only\s+)?opt[- ]in\s+only\b|\b(?:analytics|tracking|cookies?|marketing)\b[^.;]{0,40}\b(?:are|is)\s+(?:strictly\s+)?opt[- ]in\b`),
	}
	// rxIfYouAllowCookies is "If you allow statistics cookies, we use …".
	rxIfYouAllowCookies = regexp.MustCompile(`^if\s+you\s+(?:allow|accept|consent\s+to|agree\s+to|opt\s+in\s+to|switch\s+on)\s+(?:\w+\s+){0,2}cookies\b`)
	rxConsentVeto       = regexp.MustCompile(`\bdirect\s+marketing|\bmarketing\s+e-?mails?|\bnewsletter|\bby\s+(?:continuing|using|browsing|visiting|clicking)|\bwithdraw|\bimplied\s+consent|\bdeemed\s+to|\bif\s+you\s+(?:do\s+not|don't)\s+(?:consent|agree|accept)|\bconsent\s+by\s+submitting`)
)

// enScriptRules reads no-third-party-scripts.
func enScriptRules(_ *ruleCtx, _ *sentence, lc string) []hit {
	if !containsAny(lc, "third", "3rd", "external", "self-host", "self host", "hosted", "javascript", "scripts") || rxException.MatchString(lc) && !strings.Contains(lc, "other than our own") {
		return nil
	}
	if rxScriptNarrow.MatchString(lc) {
		return nil
	}
	return firstMatch(lc, "no-third-party-scripts", "", noScriptsRules)
}

// enConsentRules reads consent-before-tracking.
func enConsentRules(_ *ruleCtx, _ *sentence, lc string) []hit {
	if !containsAny(lc, "consent", "opt-in", "opt in", "permission", "agree", "accept", "allow", "off until", "off by default") {
		return nil
	}
	ifYouAllow := strings.HasPrefix(lc, "if you ") && rxIfYouAllowCookies.MatchString(lc)
	if !rxConsentNeed.MatchString(lc) || rxConsentVeto.MatchString(lc) || strings.HasPrefix(lc, "if ") && !strings.Contains(lc, "only") && !ifYouAllow {
		return nil
	}
	return firstMatch(lc, "consent-before-tracking", "", consentRules)
}
