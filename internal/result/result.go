// Package result holds the versioned JSON result of a Candor scan: the
// contract between audit (which gathers evidence), checks (which judges it)
// and reports (which renders it). It imports no browser code, so a saved
// result can be re-judged and re-rendered anywhere.
package result

import "time"

// SchemaVersion is the version of the JSON shape written by this build.
// Adding an optional field keeps the major number; renaming or removing one
// raises it.
const SchemaVersion = "1.0"

// Result is everything one scan of one site saw and concluded.
type Result struct {
	SchemaVersion string    `json:"schema_version"`
	Tool          Tool      `json:"tool"`
	Target        string    `json:"target"`
	FinalURL      string    `json:"final_url"`
	StartedAt     time.Time `json:"started_at"`
	DurationMS    int64     `json:"duration_ms"`
	Browser       Browser   `json:"browser"`
	Options       Options   `json:"options"`
	Pages         []Page    `json:"pages"`
	Requests      []Request `json:"requests"`
	// RequestsDropped counts requests seen but not recorded because a page
	// went over the per-page request cap.
	RequestsDropped int           `json:"requests_dropped,omitempty"`
	Cookies         []Cookie      `json:"cookies"`
	Storage         []StorageItem `json:"storage"`
	// Behaviours are what scripts did that can follow a person without a
	// cookie: fingerprinting, session recording, key logging.
	Behaviours []Behaviour `json:"behaviours,omitempty"`
	// Beacons are decoded tracking pixels and analytics hits.
	Beacons   []Beacon  `json:"beacons,omitempty"`
	Consent   *Consent  `json:"consent,omitempty"`
	Security  Security  `json:"security"`
	Policy    Policy    `json:"policy"`
	Findings  []Finding `json:"findings"`
	Summary   *Summary  `json:"summary,omitempty"`
	Artifacts Artifacts `json:"artifacts"`
	Errors    []Error   `json:"errors"`
}

// Tool names the program that wrote the result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Browser describes the browser that gathered the evidence.
type Browser struct {
	Product   string `json:"product,omitempty"`    // e.g. "Chrome/156.0.8078.108"
	UserAgent string `json:"user_agent,omitempty"` // the user agent the site saw
	Remote    bool   `json:"remote,omitempty"`     // attached to a browser Candor did not start
}

// Options records the scan settings that change what can be seen.
type Options struct {
	Pages      int      `json:"pages"`
	WaitMS     int64    `json:"wait_ms"`
	TimeoutMS  int64    `json:"timeout_ms"`
	Insecure   bool     `json:"insecure"`
	FirstParty []string `json:"first_party,omitempty"`
	Phases     []string `json:"phases,omitempty"`
}

// Page is one document Candor loaded.
type Page struct {
	URL      string `json:"url"`
	FinalURL string `json:"final_url"`
	Status   int    `json:"status"`
	Title    string `json:"title"`
	LoadMS   int64  `json:"load_ms,omitempty"`
	Phase    string `json:"phase,omitempty"`
	Error    string `json:"error,omitempty"`
	// Dialogs are the alert, confirm, prompt and beforeunload dialogs the
	// page opened, as "type: message"; Candor dismissed each.
	Dialogs []string `json:"dialogs,omitempty"`
	// Popups are the URLs of windows the page tried to open; not followed.
	Popups []string `json:"popups,omitempty"`
	// Downloads are the URLs of downloads the page started; refused.
	Downloads []string `json:"downloads,omitempty"`
}

// Party says whom a request, cookie or storage item belongs to relative to
// the scanned site.
type Party string

// The parties.
const (
	FirstParty Party = "first"
	ThirdParty Party = "third"
)

// Request is one network request made while a page loaded.
type Request struct {
	URL          string `json:"url"`
	Host         string `json:"host"`
	Site         string `json:"site"` // registrable domain (eTLD+1) of Host
	Party        Party  `json:"party"`
	ResourceType string `json:"resource_type"` // Document, Script, Image, XHR, Fetch, Ping, WebSocket, …
	Method       string `json:"method"`
	Status       int    `json:"status"` // 0 when no response arrived
	Initiator    string `json:"initiator,omitempty"`
	Page         string `json:"page"`
	FrameURL     string `json:"frame_url,omitempty"`
	// RedirectedFrom lists the URLs that redirected to this one, oldest first.
	RedirectedFrom []string `json:"redirected_from,omitempty"`
	RemoteIP       string   `json:"remote_ip,omitempty"`
	MimeType       string   `json:"mime_type,omitempty"`
	DurationMS     float64  `json:"duration_ms,omitempty"`
	Failed         string   `json:"failed,omitempty"` // the browser's error text when it failed
	// Integrity is the Subresource Integrity attribute of the element that
	// loaded a script or stylesheet, when it had one.
	Integrity string `json:"integrity,omitempty"`
	Blocked   bool   `json:"blocked,omitempty"`
	// Org and Category name the organisation that receives the request and
	// what it does (advertising, analytics, cdn, …); filled by classification.
	Org      string `json:"org,omitempty"`
	Category string `json:"category,omitempty"`
	Tracking bool   `json:"tracking,omitempty"` // matched a user's filter list
	Phase    string `json:"phase,omitempty"`
}

// SetBy says who set a cookie.
type SetBy struct {
	Kind string `json:"kind"` // "header" (Set-Cookie), "script" (document.cookie) or "unknown"
	URL  string `json:"url,omitempty"`
	Host string `json:"host,omitempty"`
}

// The kinds of SetBy.
const (
	SetByHeader  = "header"
	SetByScript  = "script"
	SetByUnknown = "unknown"
)

// Cookie is one cookie present in the browser after a page loaded.
type Cookie struct {
	Name     string     `json:"name"`
	Domain   string     `json:"domain"`
	Path     string     `json:"path"`
	Party    Party      `json:"party"`
	Secure   bool       `json:"secure"`
	HTTPOnly bool       `json:"http_only"`
	SameSite string     `json:"same_site"` // Strict, Lax, None or "" when unset
	Expires  *time.Time `json:"expires"`   // nil for a session cookie
	Session  bool       `json:"session"`
	Size     int        `json:"size"`
	SetBy    SetBy      `json:"set_by"`
	Page     string     `json:"page"`
	// Purpose is what the cookie is for (essential, functional, analytics,
	// advertising, marketing, unknown) and Org whose it is; filled by
	// classification.
	Purpose string `json:"purpose,omitempty"`
	Org     string `json:"org,omitempty"`
	Phase   string `json:"phase,omitempty"`
}

// StorageItem is one key in localStorage or sessionStorage.
type StorageItem struct {
	Origin string `json:"origin"`
	Kind   string `json:"kind"` // "local" or "session"
	Key    string `json:"key"`
	Size   int    `json:"size"` // length of the value in characters
	Party  Party  `json:"party,omitempty"`
	Page   string `json:"page,omitempty"`
	Phase  string `json:"phase,omitempty"`
}

// Security is the transport and header hygiene of the main document.
type Security struct {
	// HTTPSRedirect is whether http://host/ redirects to https; nil when it
	// could not be checked.
	HTTPSRedirect *bool `json:"https_redirect"`
	HSTS          *HSTS `json:"hsts"` // nil when the header is absent
	// Headers holds the main document's response headers, names lower-case.
	Headers      map[string]string `json:"headers"`
	TLS          *TLS              `json:"tls"` // nil for plain http
	MixedContent []MixedContent    `json:"mixed_content"`
}

// HSTS is a parsed Strict-Transport-Security header.
type HSTS struct {
	MaxAge            int64  `json:"max_age"`
	IncludeSubdomains bool   `json:"include_subdomains"`
	Preload           bool   `json:"preload"`
	Raw               string `json:"raw"`
}

// TLS describes the main document's connection and certificate.
type TLS struct {
	Protocol    string    `json:"protocol"` // e.g. "TLS 1.3"
	Cipher      string    `json:"cipher"`
	KeyExchange string    `json:"key_exchange,omitempty"`
	Issuer      string    `json:"issuer"`
	Subject     string    `json:"subject"`
	SANs        []string  `json:"sans,omitempty"`
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	// Legacy lists the old protocol versions ("TLS 1.0", "TLS 1.1") the
	// server still accepted when probed; nil when not probed.
	Legacy []string `json:"legacy"`
}

// MixedContent is an http:// resource requested by an https page.
type MixedContent struct {
	URL          string `json:"url"`
	ResourceType string `json:"resource_type"`
	Page         string `json:"page"`
	Blocked      bool   `json:"blocked"`
}

// Policy is the site's privacy policy and the claims read from it.
type Policy struct {
	URL      string   `json:"url,omitempty"`
	FoundBy  string   `json:"found_by,omitempty"` // link-rel, link-text, common-path, flag, none
	Title    string   `json:"title,omitempty"`
	Language string   `json:"language,omitempty"`
	Chars    int      `json:"chars,omitempty"` // length of the extracted text
	Claims   []Claim  `json:"claims"`
	Warnings []string `json:"warnings,omitempty"`
}

// Claim is one promise read from the privacy policy.
type Claim struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject,omitempty"`
	Scope   string `json:"scope"` // website, app, service, unspecified
	Quote   string `json:"quote"`
	Section string `json:"section,omitempty"`
	Offset  int    `json:"offset"`
	Rule    string `json:"rule"`
}

// The scopes a claim can have.
const (
	ScopeWebsite     = "website"
	ScopeApp         = "app"
	ScopeService     = "service"
	ScopeUnspecified = "unspecified"
)

// Severity orders findings; the zero value is not valid.
type Severity string

// The severities, lowest first.
const (
	SeverityInfo     Severity = "info"
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Outcome is the verdict of one finding. "Could not check" (unverifiable,
// error) is always kept apart from "failed" (broken, fail).
type Outcome string

// The outcomes.
const (
	OutcomeKept         Outcome = "kept"
	OutcomeBroken       Outcome = "broken"
	OutcomeUnverifiable Outcome = "unverifiable"
	OutcomeOutOfScope   Outcome = "out-of-scope"
	OutcomePass         Outcome = "pass"
	OutcomeFail         Outcome = "fail"
	OutcomeInfo         Outcome = "info"
	OutcomeError        Outcome = "error"
)

// Finding is one judgement: a claim held against evidence, an undisclosed
// practice, or a hygiene test.
type Finding struct {
	ID       string     `json:"id"`    // stable across runs: check id plus subject
	Check    string     `json:"check"` // the check's ID, e.g. CANDOR-CLAIM-NO-ANALYTICS
	Title    string     `json:"title"`
	Severity Severity   `json:"severity"`
	Outcome  Outcome    `json:"outcome"`
	Claim    *Claim     `json:"claim,omitempty"`
	Evidence []Evidence `json:"evidence"`
	Message  string     `json:"message"`
}

// Evidence is one observation that supports a finding.
type Evidence struct {
	Kind   string `json:"kind"` // request, cookie, storage, header, tls, page, policy
	URL    string `json:"url,omitempty"`
	Host   string `json:"host,omitempty"`
	Org    string `json:"org,omitempty"`
	Name   string `json:"name,omitempty"` // cookie, storage key or header name
	Domain string `json:"domain,omitempty"`
	Value  string `json:"value,omitempty"` // header value, TLS version, …
	Page   string `json:"page,omitempty"`
	SetBy  *SetBy `json:"set_by,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Summary counts the findings by outcome and carries the hygiene grade.
type Summary struct {
	Kept         int    `json:"kept"`
	Broken       int    `json:"broken"`
	Unverifiable int    `json:"unverifiable"`
	OutOfScope   int    `json:"out_of_scope"`
	Undisclosed  int    `json:"undisclosed"`
	HygieneScore int    `json:"hygiene_score"`
	HygieneGrade string `json:"hygiene_grade"`
}

// Artifacts names files the scan wrote beside the result.
type Artifacts struct {
	Screenshot string `json:"screenshot,omitempty"`
	HAR        string `json:"har,omitempty"`
}

// Error is a stage of the scan that failed; the rest of the result stands.
type Error struct {
	Stage   string `json:"stage"` // browser, navigate, crawl, cookies, storage, transport, policy, checks, …
	URL     string `json:"url,omitempty"`
	Message string `json:"message"`
}

// Behaviour is one thing a script did, seen by the instrumentation that
// Candor injects before any page script runs.
type Behaviour struct {
	// Kind is canvas-fingerprinting, canvas-font-fingerprinting,
	// webgl-fingerprinting, audio-fingerprinting, session-recording,
	// key-logging or headless-detection (a script that checks for an
	// automated or headless browser).
	Kind   string `json:"kind"`
	Script string `json:"script,omitempty"` // URL of the calling script
	Host   string `json:"host,omitempty"`
	Party  Party  `json:"party,omitempty"`
	Org    string `json:"org,omitempty"`
	Page   string `json:"page,omitempty"`
	Frame  string `json:"frame,omitempty"`
	Detail string `json:"detail,omitempty"` // what met the criteria, in words
	Phase  string `json:"phase,omitempty"`
}

// Beacon is a decoded tracking pixel or analytics hit.
type Beacon struct {
	Vendor string            `json:"vendor"` // facebook-pixel, ga4, universal-analytics, google-ads, tiktok, linkedin
	URL    string            `json:"url"`
	ID     string            `json:"id,omitempty"` // pixel id, measurement id, conversion id
	Events []string          `json:"events,omitempty"`
	Params map[string]string `json:"params,omitempty"` // selected decoded parameters
	Page   string            `json:"page,omitempty"`
	Phase  string            `json:"phase,omitempty"`
}

// Consent describes the cookie banner and the phases the site was loaded in.
type Consent struct {
	Banner *Banner `json:"banner"` // nil when none was found
	// Phases names each isolated load: landed (no interaction), reject,
	// accept, gpc.
	Phases []ConsentPhase `json:"phases"`
	// TCString is the IAB TCF consent string read from __tcfapi, if any.
	TCString string `json:"tc_string,omitempty"`
	// GPCWellKnown is the body of /.well-known/gpc.json, when served.
	GPCWellKnown string `json:"gpc_well_known,omitempty"`
}

// Banner is a cookie banner found on the landing page.
type Banner struct {
	Platform string `json:"platform"` // onetrust, cookiebot, didomi, …, generic
	FoundBy  string `json:"found_by"` // markup, button-text
	Frame    string `json:"frame,omitempty"`
	InShadow bool   `json:"in_shadow,omitempty"`
	Language string `json:"language,omitempty"`
	// Accept and Reject describe the buttons found on the first layer;
	// Reject is empty when the first layer has no reject button.
	Accept string `json:"accept,omitempty"`
	Reject string `json:"reject,omitempty"`
}

// ConsentPhase is one isolated load of the site.
type ConsentPhase struct {
	Name    string `json:"name"`
	Clicked string `json:"clicked,omitempty"` // the button text clicked, if any
	Error   string `json:"error,omitempty"`
}
