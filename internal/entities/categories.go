package entities

// The categories Candor files an organisation under. They follow
// third-party-web's, with "ad" spelled out and session recorders split
// from analytics.
const (
	Advertising      = "advertising"
	Analytics        = "analytics"
	SessionRecording = "session-recording"
	Social           = "social"
	Video            = "video"
	CustomerSuccess  = "customer-success"
	TagManager       = "tag-manager"
	ConsentProvider  = "consent-provider"
	CDN              = "cdn"
	Hosting          = "hosting"
	Utility          = "utility"
	Content          = "content"
	Marketing        = "marketing"
	Other            = "other"
)

// Categories lists every category, for validation and documentation.
var Categories = []string{
	Advertising, Analytics, SessionRecording, Social, Video, CustomerSuccess,
	TagManager, ConsentProvider, CDN, Hosting, Utility, Content, Marketing, Other,
}

// category maps a third-party-web category to Candor's; an unknown one
// becomes Other.
func category(tpw string) string {
	switch tpw {
	case "ad":
		return Advertising
	case "":
		return Other
	}
	for _, c := range Categories {
		if c == tpw {
			return c
		}
	}
	return Other
}
