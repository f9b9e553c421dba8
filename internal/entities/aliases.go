package entities

import "strings"

// aliases maps what policies call an organisation or product (normalised:
// lower case, punctuation as spaces) to the entity name used in the data.
// It covers names the data does not use, products of a larger provider and
// former names. Keep it small and reviewed; it mirrors the policy reader's
// CanonicalOrg, which checks must not import.
var aliases = map[string]string{
	"aws":                   "Amazon Web Services",
	"amazon aws":            "Amazon Web Services",
	"aws cognito":           "Amazon Web Services",
	"amazon cognito":        "Amazon Web Services",
	"cognito":               "Amazon Web Services",
	"cloudfront":            "Amazon Web Services",
	"amazon cloudfront":     "Amazon Web Services",
	"aws cloudfront":        "Amazon Web Services",
	"amazon s3":             "Amazon Web Services",
	"s3":                    "Amazon Web Services",
	"dynamodb":              "Amazon Web Services",
	"aws lambda":            "Amazon Web Services",
	"meta":                  "Facebook",
	"meta platforms":        "Facebook",
	"facebook pixel":        "Facebook",
	"meta pixel":            "Facebook",
	"soundcloud":            "SoundCloud",
	"doubleclick":           "Google/Doubleclick Ads",
	"google doubleclick":    "Google/Doubleclick Ads",
	"google ads":            "Google/Doubleclick Ads",
	"google adsense":        "Google/Doubleclick Ads",
	"adsense":               "Google/Doubleclick Ads",
	"ga4":                   "Google Analytics",
	"clarity":               "Microsoft Clarity",
	"ms clarity":            "Microsoft Clarity",
	"x":                     "Twitter",
	"x corp":                "Twitter",
	"x twitter":             "Twitter",
	"osm":                   "OpenStreetMap",
	"open street map":       "OpenStreetMap",
	"openstreetmap org":     "OpenStreetMap",
	"createsend":            "Campaign Monitor",
	"campaignmonitor":       "Campaign Monitor",
	"automattic":            "WordPress",
	"wordpress com":         "WordPress",
	"jetpack":               "WordPress",
	"cloudflare insights":   "Cloudflare Web Analytics",
	"youtube nocookie":      "YouTube",
	"google tag manager":    "Google Tag Manager",
	"gtm":                   "Google Tag Manager",
	"plausible analytics":   "Plausible",
	"fathom":                "Fathom Analytics",
	"microsoft bing":        "Bing Ads",
	"microsoft advertising": "Bing Ads",
}

// Canonical returns the entity name an organisation or product name stands
// for, and whether the alias table knew it. Comparison ignores case and
// punctuation.
func Canonical(name string) (string, bool) {
	c, ok := aliases[normalize(name)]
	return c, ok
}

// normalize lower-cases s and turns every run of non-alphanumerics into
// one space.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// keys returns the normalised names an entity answers to: its name, its
// company, and what the alias table maps them to.
func keys(e Entity) []string {
	out := make([]string, 0, 4)
	for _, n := range []string{e.Name, e.Company} {
		if n == "" {
			continue
		}
		out = append(out, normalize(n))
		if c, ok := Canonical(n); ok {
			out = append(out, normalize(c))
		}
	}
	return out
}

// Matches reports whether a policy's subject (an organisation, product or
// a list of them such as "Google Play, App Store") names entity e. A part
// matches when, ignoring case and punctuation and after aliases, it equals
// the entity's name or company, or is the leading words of one of them
// ("Cloudflare" names "Cloudflare CDN", "Google" names "Google Analytics").
func Matches(subject string, e Entity) bool {
	ek := keys(e)
	for _, part := range splitSubject(subject) {
		s := normalize(part)
		if c, ok := Canonical(part); ok {
			s = normalize(c)
		}
		if len(s) < 2 {
			continue
		}
		for _, k := range ek {
			if k == s || strings.HasPrefix(k, s+" ") {
				return true
			}
		}
	}
	return false
}

// splitSubject splits a list of names on commas, semicolons, slashes, "&"
// and the words "and" and "or".
func splitSubject(s string) []string {
	s = strings.NewReplacer(";", ",", " & ", ",", " and ", ",", " or ", ",").Replace(s)
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) > 1 {
		// Keep the whole too, for names that contain a separator.
		out = append(out, s)
	}
	return out
}
