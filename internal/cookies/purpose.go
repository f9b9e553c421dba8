// Package cookies says what a cookie (or storage key) is for and whose it
// is: from a built-in table of well-known names written for Candor, and
// optionally from an Open Cookie Database CSV the user supplies at run
// time. A name neither knows is PurposeUnknown: never assumed essential.
package cookies

// The purposes a cookie can have.
const (
	// PurposeEssential: needed for the site to work as asked (session,
	// login, CSRF, load balancing, bot protection, storing consent).
	PurposeEssential = "essential"
	// PurposeFunctional: remembers a preference; not strictly necessary.
	PurposeFunctional = "functional"
	// PurposeAnalytics: measures visits, usually with an identifier.
	PurposeAnalytics = "analytics"
	// PurposeAdvertising: targets, retargets or measures advertising.
	PurposeAdvertising = "advertising"
	// PurposeMarketing: marketing automation and other marketing uses.
	PurposeMarketing = "marketing"
	// PurposeSessionRecording: replays what a visitor does on the page.
	PurposeSessionRecording = "session-recording"
	// PurposeUnknown: not in any table Candor has.
	PurposeUnknown = "unknown"
)

// NonEssential reports whether purpose is one that a promise of "essential
// cookies only" rules out. Functional and unknown are not in it: they are
// undecided, not known to be non-essential.
func NonEssential(purpose string) bool {
	switch purpose {
	case PurposeAnalytics, PurposeAdvertising, PurposeMarketing, PurposeSessionRecording:
		return true
	}
	return false
}

// Info is what is known about one cookie name.
type Info struct {
	Purpose string
	Org     string // the organisation whose cookie it is, when known
	Source  string // "builtin" or "open-cookie-database"
}

// The sources of Info.
const (
	SourceBuiltin = "builtin"
	SourceOCD     = "open-cookie-database"
)
