package policy

import (
	"strings"
	"unicode"
)

// Languages whose claims Candor reads.
var supportedLanguages = map[string]bool{"en": true, "de": true}

// stopwords are frequent short words that tell languages apart.
var stopwords = map[string][]string{
	"en": {"the", "and", "we", "you", "your", "of", "to", "is", "are", "not", "with", "for", "our", "this", "that", "or", "by", "on", "do", "any"},
	"de": {"und", "der", "die", "das", "wir", "sie", "nicht", "ist", "mit", "für", "werden", "keine", "ihre", "ihrer", "auf", "den", "dem", "zu", "oder", "auch", "eine", "wird", "bei", "durch", "es", "kein", "keinen", "keinerlei", "uns", "unsere", "unser", "sind", "nur", "von", "im", "diese", "dieser", "wenn", "sowie", "sich", "ein", "einer", "eines"},
	"fr": {"le", "la", "les", "et", "nous", "vous", "des", "est", "pour", "avec", "vos", "votre", "une", "sur", "pas", "ne", "du", "aux", "sont", "données"},
	"es": {"el", "los", "las", "y", "que", "para", "con", "sus", "su", "una", "por", "del", "datos", "nosotros", "usted", "se", "como", "es", "al"},
	"nl": {"het", "en", "wij", "niet", "een", "voor", "met", "van", "uw", "zijn", "worden", "deze", "ook", "gegevens", "je", "jouw", "bij", "naar", "dat", "wordt"},
	"it": {"il", "di", "che", "per", "con", "non", "sono", "dei", "della", "delle", "gli", "nostro", "vostri", "dati", "questo", "una", "nel", "alla", "sul", "è"},
	"pt": {"os", "que", "para", "com", "não", "seus", "sua", "uma", "por", "dos", "das", "nós", "você", "dados", "são", "ao", "em", "como", "pelo", "mais"},
	"sv": {"och", "att", "vi", "inte", "för", "med", "din", "dina", "som", "är", "av", "på", "det", "till", "om", "har", "vår", "uppgifter", "kan"},
	"pl": {"w", "nie", "się", "na", "jest", "że", "z", "dane", "oraz", "przez", "dla", "lub", "są", "twoje", "jak", "od", "po", "który"},
}

// detectLanguage guesses the main language of text from stopword counts
// (ISO 639-1), or from the script for text that is mostly not Latin.
// It returns "" when it cannot tell.
func detectLanguage(text string) string {
	if len(text) > 100000 {
		text = text[:100000]
	}
	counts := map[string]int{}
	var latin, other, words int
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		for lang, list := range stopwords {
			for _, s := range list {
				if s == w {
					counts[lang]++
				}
			}
		}
	}
	for _, r := range text {
		switch {
		case r < 0x80 || unicode.Is(unicode.Latin, r):
			if unicode.IsLetter(r) {
				latin++
			}
		case unicode.IsLetter(r):
			other++
		}
	}
	if other > latin {
		return scriptLanguage(text)
	}
	best, bestN := "", 0
	for lang, n := range counts {
		if n > bestN || n == bestN && lang == "en" {
			best, bestN = lang, n
		}
	}
	if !supportedLanguages[best] && counts["en"] > 0 && (bestN < 5 || bestN < 2*counts["en"]) {
		return "en" // a few foreign-looking words in English text
	}
	if bestN < 2 && words > 3 {
		return ""
	}
	if bestN == 0 {
		return ""
	}
	return best
}

// scriptLanguage names the language of text written mostly in a non-Latin
// script, as far as the script tells.
func scriptLanguage(text string) string {
	var cyr, han, kana, hangul, arabic, greek, hebrew int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		}
	}
	m := map[string]int{"ru": cyr, "zh": han, "ja": kana * 3, "ko": hangul, "ar": arabic, "el": greek, "he": hebrew}
	best, bestN := "", 0
	for l, n := range m {
		if n > bestN {
			best, bestN = l, n
		}
	}
	return best
}
