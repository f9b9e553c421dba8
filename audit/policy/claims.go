package policy

import (
	"regexp"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// hit is one claim a rule found in a sentence, before scope is decided.
type hit struct {
	kind    string
	subject string
	rule    string // rule id without the language prefix: "no-analytics.negated-use"
}

// ruleFunc reads the claims of one family from a sentence.
type ruleFunc func(c *ruleCtx, s *sentence, lc string) []hit

// ruleCtx is what rules share while one policy is read.
type ruleCtx struct {
	orgs orgIndex
}

// langRule is a rule family and the language prefix of its rule ids.
type langRule struct {
	prefix string
	fn     ruleFunc
}

// ruleSet lists the rule families, one file each (rules_*.go). English and
// German rules both run on every sentence of a policy in either language:
// policies mix languages, and each set only matches its own words.
var ruleSet = []langRule{
	{"en.", enCookieRules}, {"en.", enTrackingRules}, {"en.", enScriptRules}, {"en.", enConsentRules},
	{"en.", enDataRules}, {"en.", enRetentionRules}, {"en.", enLocationRules}, {"en.", enSecurityRules},
	{"en.", enListRules}, {"de.", deRules}, {"de.", deListRules}, {"", orgRules}, {"", deniedOrgRules}, {"", cookieNameRules},
}

// Fragments shared by the English rules, written against lower-cased text
// with plain quotes and dashes.
const (
	// reNeg is a negation before a verb.
	reNeg = `(?:(?:do|does|did|will|would|shall|should|can|could|may|must)(?: not|n't)|cannot|won't|never|no longer|not)`
	// reGap lets a negation and its verb stand a couple of words apart
	// ("do not ever use", "will never, ever be").
	reGap = `(?:[\s,]+(?:ever|currently|actively|intentionally|knowingly|deliberately|otherwise|presently|and|or|also|even|at\s+all|ourselves|themselves|be|been|being|use|make|any|of|your|our|the|personally|directly|automatically|,)){0,4}?`
)

// Exceptions and conditions that take an absolute "no X" back.
var rxException = regexp.MustCompile(`\b(?:except|excepting|exception|other than|apart from|aside from|besides|unless|save for|without (?:your |the user's |users' )?(?:prior |explicit |express |active )?(?:consent|permission|agreement|approval|authori[sz]ation)|only (?:with|after|if|when|once|for|to|in|as)|except as|beyond what|unless required|but we (?:do |may |might )?(?:use|set|share|collect|rely|work)|however,? we (?:do |may )?(?:use|set|share|collect)|instead,? we|we (?:do|may|might) use)\b`)

// rxHedge marks text that reports what might happen or what others do,
// not what the operator promises.
var rxQuestion = regexp.MustCompile(`\?\s*$`)

// readClaims applies the rules of lang to every sentence.
func readClaims(doc document, sents []sentence, lang, docScope string) []result.Claim {
	ctx := &ruleCtx{orgs: newOrgIndex()}
	neutral := "en."
	if lang == "de" {
		neutral = "de."
	}
	claims := []result.Claim{}
	sections := map[string]string{}
	for i := range sents {
		s := &sents[i]
		if rxQuestion.MatchString(s.text) {
			continue // a question promises nothing; its answer may
		}
		seen := map[string]bool{}
		add := func(prefix string, h hit, quote string, offset int) {
			if prefix == "" {
				prefix = neutral
			}
			key := h.kind + "\x00" + h.subject
			if seen[key] {
				return
			}
			seen[key] = true
			claims = append(claims, result.Claim{
				Kind: h.kind, Subject: h.subject, Scope: scopeFor(h.kind, s, docScope, sections),
				Quote: quote, Section: s.section, Offset: offset, Rule: prefix + h.rule,
			})
		}
		for _, r := range ruleSet {
			for _, h := range r.fn(ctx, s, s.lc) {
				add(r.prefix, h, s.text, s.offset)
			}
		}
		if s.question != "" && strings.HasPrefix(s.lc, "yes") {
			// "Is my data encrypted? Yes, in transit and at rest.": the
			// question and the answer make the statement together
			quote, offset := s.text, s.offset
			if i > 0 && sents[i-1].block == s.block && sents[i-1].lc == s.question {
				q := sents[i-1]
				quote, offset = doc.text[q.offset:s.offset+len(s.text)], q.offset
			}
			stmt := strings.TrimSuffix(s.question, "?") + " " + strings.TrimPrefix(s.lc, "yes")
			for _, r := range ruleSet {
				if r.prefix == "" {
					continue
				}
				for _, h := range r.fn(ctx, s, stmt) {
					if h.kind == "encrypts-in-transit" || h.kind == "encryption-at-rest" || h.kind == "password-hashing" || h.kind == "honors-gpc-dnt" || h.kind == "consent-before-tracking" {
						h.rule += ".faq"
						add(r.prefix, h, quote, offset)
					}
				}
			}
		}
		if s.question != "" && strings.HasPrefix(s.lc, "n") {
			if stmt := negateQuestion(s.question); stmt != "" {
				quote, offset := s.text, s.offset
				if i > 0 && sents[i-1].block == s.block && sents[i-1].lc == s.question {
					q := sents[i-1]
					quote, offset = doc.text[q.offset:s.offset+len(s.text)], q.offset
				}
				for _, r := range ruleSet {
					for _, h := range r.fn(ctx, s, stmt) {
						h.rule += ".faq"
						add(r.prefix, h, quote, offset)
					}
				}
			}
		}
	}
	return claims
}

var (
	rxYesNoQuestion = regexp.MustCompile(`^(?:(do|does|did|will|would|can)\s+(?:you|we|[\w.-]+(?:\s+[\w.-]+)?)|(is|are)\s+(.+?)\s+(\w+ed|sold|kept|shared|stored))\s+(.*?)\s*\??$`)
	rxThereQuestion = regexp.MustCompile(`^(?:is|are)\s+there\s+(?:any\s+)?(.*?)\s*\??$`)
)

// negateQuestion turns a yes/no question answered "No" into the statement
// the answer makes: "do you use cookies?" -> "we do not use cookies".
func negateQuestion(q string) string {
	q = strings.TrimSpace(q)
	if m := rxThereQuestion.FindStringSubmatch(q); m != nil {
		return "there is no " + m[1]
	}
	m := rxYesNoQuestion.FindStringSubmatch(q)
	if m == nil {
		return ""
	}
	rest := strings.NewReplacer(" me ", " you ", " my ", " your ", " i ", " you ").Replace(" " + m[5] + " ")
	rest = strings.TrimSpace(rest)
	if m[1] != "" {
		return "we do not " + rest
	}
	subj := strings.NewReplacer("my ", "your ").Replace(m[3] + " ")
	return strings.TrimSpace(subj) + " " + m[2] + " not " + m[4] + " " + rest
}

// firstMatch returns a hit for the first of the patterns that matches lc.
func firstMatch(lc string, kind, subject string, rules []namedRx) []hit {
	for _, r := range rules {
		if r.rx.MatchString(lc) {
			return []hit{{kind: kind, subject: subject, rule: kind + "." + r.name}}
		}
	}
	return nil
}

// namedRx is a pattern and the name it gives the rule that matched.
type namedRx struct {
	name string
	rx   *regexp.Regexp
}

func nrx(name, pattern string) namedRx { return namedRx{name: name, rx: regexp.MustCompile(pattern)} }

// containsAny reports whether s contains any of the words.
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
