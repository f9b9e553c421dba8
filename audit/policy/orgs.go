package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// org is one organisation or product a policy may name: its canonical name
// (the entity name of the third-party-web data set where it has one) and
// the aliases that mean it. Aliases in exact are matched case-sensitively
// because they are also ordinary words ("Segment", "Meta", "Resend").
type org struct {
	name  string
	fold  []string // matched ignoring case
	exact []string // matched as written
}

// orgTable lists the organisations Candor recognises.
var orgTable = []org{
	{name: "Google Analytics", fold: []string{"google analytics", "google analytics 4", "ga4", "universal analytics", "google-analytics", "google analytics 360"}, exact: []string{"GA"}},
	{name: "Google Tag Manager", fold: []string{"google tag manager", "googletagmanager"}, exact: []string{"GTM"}},
	{name: "Google/Doubleclick Ads", fold: []string{"doubleclick", "doubleclick.net", "googlesyndication", "google ads", "google adsense", "adsense", "google adwords", "adwords", "google ad manager", "google marketing platform", "google display network"}},
	{name: "Google Fonts", fold: []string{"google fonts", "google web fonts"}},
	{name: "Google Maps", fold: []string{"google maps", "google maps api"}},
	{name: "Google reCAPTCHA", fold: []string{"recaptcha", "google recaptcha"}},
	{name: "Firebase", fold: []string{"firebase", "google firebase", "firebase analytics", "crashlytics", "firebase crashlytics"}},
	{name: "Google Cloud", fold: []string{"google cloud", "google cloud platform", "gcp"}},
	{name: "Google Play", fold: []string{"google play", "google play store", "play store"}},
	{name: "Google", fold: []string{"google", "google llc", "google inc", "google ireland", "alphabet"}},
	{name: "YouTube", fold: []string{"youtube", "youtube-nocookie", "youtube.com"}},
	{name: "App Store", fold: []string{"app store", "apple app store", "itunes store"}},
	{name: "Apple", exact: []string{"Apple", "Apple Inc", "iCloud"}},
	{name: "Facebook", fold: []string{"facebook", "facebook pixel", "meta pixel", "meta platforms", "meta-pixel", "facebook ireland", "facebook inc", "fb pixel"}, exact: []string{"Meta"}},
	{name: "Instagram", fold: []string{"instagram"}},
	{name: "WhatsApp", fold: []string{"whatsapp"}},
	{name: "Twitter", fold: []string{"twitter", "twitter pixel", "x corp", "formerly twitter"}},
	{name: "LinkedIn", fold: []string{"linkedin", "linkedin insight tag", "linkedin insight"}},
	{name: "Pinterest", fold: []string{"pinterest", "pinterest tag"}},
	{name: "TikTok", fold: []string{"tiktok", "tiktok pixel"}},
	{name: "Snapchat", fold: []string{"snapchat", "snap pixel"}},
	{name: "Reddit", fold: []string{"reddit", "reddit pixel"}},
	{name: "Clarity", fold: []string{"microsoft clarity", "clarity.ms"}},
	{name: "Bing Ads", fold: []string{"bing ads", "microsoft advertising", "bing"}},
	{name: "Microsoft Azure", fold: []string{"azure", "microsoft azure"}},
	{name: "Microsoft", fold: []string{"microsoft", "microsoft corporation"}},
	{name: "Hotjar", fold: []string{"hotjar"}},
	{name: "Mixpanel", fold: []string{"mixpanel"}},
	{name: "Segment", exact: []string{"Segment", "Twilio Segment", "Segment.io", "segment.io", "segment.com"}},
	{name: "Amplitude", exact: []string{"Amplitude"}},
	{name: "Heap", exact: []string{"Heap", "Heap Analytics"}},
	{name: "FullStory", fold: []string{"fullstory", "full story"}},
	{name: "Crazy Egg", fold: []string{"crazy egg", "crazyegg"}},
	{name: "Matomo", fold: []string{"matomo", "piwik", "matomo analytics"}},
	{name: "Plausible", fold: []string{"plausible analytics", "plausible.io"}, exact: []string{"Plausible"}},
	{name: "Fathom Analytics", fold: []string{"fathom analytics", "usefathom"}, exact: []string{"Fathom"}},
	{name: "Simple Analytics", exact: []string{"Simple Analytics"}},
	{name: "Umami", fold: []string{"umami"}},
	{name: "PostHog", fold: []string{"posthog"}},
	{name: "Adobe Analytics", fold: []string{"adobe analytics", "omniture"}},
	{name: "Adobe TypeKit", fold: []string{"adobe fonts", "typekit"}},
	{name: "Yandex Metrica", fold: []string{"yandex metrica", "yandex metrika", "yandex.metrica"}},
	{name: "Optimizely", fold: []string{"optimizely"}},
	{name: "VWO", fold: []string{"visual website optimizer"}, exact: []string{"VWO"}},
	{name: "Sentry", exact: []string{"Sentry", "Sentry.io", "sentry.io"}},
	{name: "New Relic", fold: []string{"new relic", "newrelic"}},
	{name: "Datadog", fold: []string{"datadog"}},
	{name: "Bugsnag", fold: []string{"bugsnag"}},
	{name: "Cloudflare", fold: []string{"cloudflare", "cloudflare cdn", "cloudflare workers", "cloudflare pages", "cloudflare r2", "cloudflare turnstile", "cloudflare web analytics", "cloudflare, inc"}},
	{name: "Amazon Web Services", fold: []string{"amazon web services", "aws", "amazon s3", "cloudfront", "amazon cloudfront", "cognito", "aws cognito", "amazon cognito", "dynamodb", "amazon dynamodb", "aws lambda", "amazon ses", "amazon ec2", "ec2", "amazon rds", "route 53", "aws amplify", "kms", "aws kms", "amazon web services emea sarl"}, exact: []string{"S3"}},
	{name: "Amazon", fold: []string{"amazon", "amazon ads", "amazon advertising", "amazon associates"}},
	{name: "Akamai", fold: []string{"akamai"}},
	{name: "Fastly", fold: []string{"fastly"}},
	{name: "jsDelivr CDN", fold: []string{"jsdelivr"}},
	{name: "unpkg", fold: []string{"unpkg"}},
	{name: "Cloudflare CDN", fold: []string{"cdnjs"}},
	{name: "bunny.net", fold: []string{"bunny.net", "bunnycdn", "bunny cdn"}},
	{name: "Stripe", fold: []string{"stripe.com", "stripe, inc", "stripe payments"}, exact: []string{"Stripe"}},
	{name: "PayPal", fold: []string{"paypal"}},
	{name: "Braintree", fold: []string{"braintree"}},
	{name: "Adyen", fold: []string{"adyen"}},
	{name: "Klarna", fold: []string{"klarna"}},
	{name: "Mollie", exact: []string{"Mollie"}},
	{name: "Paddle", exact: []string{"Paddle", "Paddle.com"}},
	{name: "Lemon Squeezy", fold: []string{"lemon squeezy", "lemonsqueezy"}},
	{name: "Vimeo", fold: []string{"vimeo"}},
	{name: "SoundCloud", fold: []string{"soundcloud"}},
	{name: "Spotify", fold: []string{"spotify"}},
	{name: "Wistia", fold: []string{"wistia"}},
	{name: "Twitch", fold: []string{"twitch"}},
	{name: "OpenStreetMap", fold: []string{"openstreetmap", "open street map", "openstreetmap foundation"}, exact: []string{"OSM"}},
	{name: "Mapbox", fold: []string{"mapbox"}},
	{name: "WordPress", fold: []string{"wordpress", "wordpress.com", "wordpress.org", "automattic", "jetpack"}},
	{name: "Gravatar", fold: []string{"gravatar"}},
	{name: "Disqus", fold: []string{"disqus"}},
	{name: "Shopify", fold: []string{"shopify"}},
	{name: "Squarespace", fold: []string{"squarespace"}},
	{name: "Wix", exact: []string{"Wix", "Wix.com"}},
	{name: "Webflow", fold: []string{"webflow"}},
	{name: "Netlify", fold: []string{"netlify"}},
	{name: "Vercel", fold: []string{"vercel"}},
	{name: "GitHub", fold: []string{"github pages", "github.io"}},
	{name: "GitLab", fold: []string{"gitlab"}},
	{name: "Heroku", fold: []string{"heroku"}},
	{name: "DigitalOcean", fold: []string{"digitalocean", "digital ocean"}},
	{name: "Hetzner", fold: []string{"hetzner", "hetzner online", "hetzner online gmbh"}},
	{name: "OVHcloud", fold: []string{"ovh", "ovhcloud"}},
	{name: "Linode", fold: []string{"linode", "akamai cloud"}},
	{name: "Fly.io", fold: []string{"fly.io"}},
	{name: "Mailchimp", fold: []string{"mailchimp", "mail chimp", "mandrill"}},
	{name: "Campaign Monitor", fold: []string{"campaign monitor", "campaignmonitor", "createsend"}},
	{name: "Resend", exact: []string{"Resend", "resend.com", "Resend.com"}},
	{name: "SendGrid", fold: []string{"sendgrid", "twilio sendgrid"}},
	{name: "Mailgun", fold: []string{"mailgun"}},
	{name: "Postmark", exact: []string{"Postmark", "Postmarkapp"}},
	{name: "Brevo", fold: []string{"brevo", "sendinblue"}},
	{name: "ConvertKit", fold: []string{"convertkit", "kit.com"}},
	{name: "Substack", fold: []string{"substack"}},
	{name: "Buttondown", fold: []string{"buttondown"}},
	{name: "Klaviyo", fold: []string{"klaviyo"}},
	{name: "Hubspot", fold: []string{"hubspot"}},
	{name: "Intercom", fold: []string{"intercom"}},
	{name: "ZenDesk", fold: []string{"zendesk"}},
	{name: "Drift", exact: []string{"Drift"}},
	{name: "Crisp", exact: []string{"Crisp", "Crisp Chat", "crisp.chat"}},
	{name: "Tawk.to", fold: []string{"tawk.to", "tawk"}},
	{name: "LiveChat", fold: []string{"livechat"}},
	{name: "Olark", fold: []string{"olark"}},
	{name: "Salesforce", fold: []string{"salesforce"}},
	{name: "OneTrust", fold: []string{"onetrust"}},
	{name: "Cookiebot", fold: []string{"cookiebot"}},
	{name: "Usercentrics", fold: []string{"usercentrics"}},
	{name: "Osano", fold: []string{"osano"}},
	{name: "Quantcast", fold: []string{"quantcast"}},
	{name: "hCaptcha", fold: []string{"hcaptcha"}},
	{name: "Auth0", fold: []string{"auth0"}},
	{name: "Okta", fold: []string{"okta"}},
	{name: "Supabase", fold: []string{"supabase"}},
	{name: "Criteo", fold: []string{"criteo"}},
	{name: "Taboola", fold: []string{"taboola"}},
	{name: "Outbrain", fold: []string{"outbrain"}},
	{name: "Xandr", fold: []string{"xandr", "appnexus"}},
	{name: "The Trade Desk", fold: []string{"the trade desk", "tradedesk"}},
	{name: "AdRoll", fold: []string{"adroll"}},
	{name: "Font Awesome CDN", fold: []string{"font awesome", "fontawesome"}},
	{name: "Calendly", fold: []string{"calendly"}},
	{name: "Typeform", fold: []string{"typeform"}},
	{name: "Zoom", exact: []string{"Zoom", "Zoom Video Communications"}},
	{name: "Slack", exact: []string{"Slack"}},
	{name: "Discord", fold: []string{"discord"}},
	{name: "Twilio", fold: []string{"twilio"}},
	{name: "Plaid", exact: []string{"Plaid"}},
	{name: "Algolia", fold: []string{"algolia"}},
	{name: "Statuspage", fold: []string{"statuspage", "atlassian statuspage"}},
	{name: "Backblaze", fold: []string{"backblaze", "backblaze b2"}},
	{name: "Apple Pay", fold: []string{"apple pay"}},
	{name: "Discourse", exact: []string{"Discourse"}},
	{name: "Proton Mail", fold: []string{"proton mail", "protonmail"}},
}

// orgAlias is one entry of the alias index.
type orgAlias struct {
	name  string
	exact string // non-empty: the alias must appear exactly as written
}

// maxAliasWords is the longest alias, in words.
const maxAliasWords = 4

// orgIndex maps a lower-case alias to the organisation it names.
type orgIndex map[string][]orgAlias

// newOrgIndex builds the alias index; it is built per Read call (cheap) so
// the package keeps no mutable state.
func newOrgIndex() orgIndex {
	idx := make(orgIndex, 400)
	for _, o := range orgTable {
		idx[strings.ToLower(o.name)] = append(idx[strings.ToLower(o.name)], orgAlias{name: o.name, exact: exactIf(o)})
		for _, a := range o.fold {
			idx[a] = append(idx[a], orgAlias{name: o.name})
		}
		for _, a := range o.exact {
			k := strings.ToLower(a)
			idx[k] = append(idx[k], orgAlias{name: o.name, exact: a})
		}
	}
	return idx
}

// exactIf makes the canonical name itself case-sensitive when every alias
// of the organisation is.
func exactIf(o org) string {
	if len(o.fold) == 0 {
		return o.name
	}
	return ""
}

// orgMention is one organisation named in a text.
type orgMention struct {
	name       string
	start, end int // byte span in the text
}

// findOrgs returns the organisations named in text, longest alias first,
// each once, in order of appearance.
func (idx orgIndex) findOrgs(text string) []orgMention {
	words := wordSpans(text)
	lcText := strings.ToLower(text)
	sameLen := len(lcText) == len(text)
	var out []orgMention
	seen := map[string]bool{}
	for i := 0; i < len(words); i++ {
		for n := min(maxAliasWords, len(words)-i); n >= 1; n-- {
			start, end := words[i][0], words[i+n-1][1]
			raw := text[start:end]
			raw = strings.TrimSuffix(strings.TrimSuffix(raw, "'s"), "’s")
			var key string
			if sameLen {
				key = lcText[start:end]
			} else {
				key = strings.ToLower(joinWords(text, words[i:i+n]))
			}
			key = strings.TrimSuffix(strings.TrimSuffix(key, "'s"), "’s")
			cands, ok := idx[key]
			if !ok {
				continue
			}
			name := ""
			for _, c := range cands {
				if c.exact == "" || c.exact == exactWords(raw) {
					name = c.name
					break
				}
			}
			if name == "" {
				continue
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, orgMention{name: name, start: start, end: end})
			}
			i += n - 1
			break
		}
	}
	return out
}

// exactWords returns raw with runs of space collapsed, for exact matching of
// multi-word aliases.
func exactWords(raw string) string { return strings.Join(strings.Fields(raw), " ") }

// joinWords joins word spans with single spaces.
func joinWords(text string, spans [][2]int) string {
	if len(spans) == 1 {
		return text[spans[0][0]:spans[0][1]]
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = text[s[0]:s[1]]
	}
	return strings.Join(parts, " ")
}

// wordSpans splits text into words: letters, digits and the inner
// punctuation of names and domains (".", "-", "'", "’", "&").
func wordSpans(text string) [][2]int {
	var spans [][2]int
	start := -1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		inner := (r == '.' || r == '-' || r == '\'' || r == '’' || r == '&') && start >= 0 && i+size < len(text) && isWordRune(nextRune(text[i+size:]))
		if isWordRune(r) || inner {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			spans = append(spans, [2]int{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(text)})
	}
	return spans
}

func nextRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// CanonicalOrg maps an organisation or product name, or one of its aliases
// ("AWS", "Cognito", "Meta", "GA4", "Soundcloud"), to the canonical name
// Candor uses in claims ("Amazon Web Services", "Facebook", "Google
// Analytics", "SoundCloud"). It reports false for names it does not know.
func CanonicalOrg(name string) (string, bool) {
	n := strings.Join(strings.Fields(name), " ")
	if n == "" {
		return "", false
	}
	key := strings.ToLower(n)
	for _, o := range orgTable {
		if strings.ToLower(o.name) == key {
			return o.name, true
		}
	}
	for _, o := range orgTable {
		for _, a := range o.fold {
			if a == key {
				return o.name, true
			}
		}
		for _, a := range o.exact {
			if strings.EqualFold(a, n) {
				return o.name, true
			}
		}
	}
	return "", false
}
