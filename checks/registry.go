package checks

import "github.com/candor-audit/candor/internal/result"

// All returns every check in the order Run applies them. This list is the
// registry: a check exists when it is here.
func All() []Check {
	return []Check{
		// Claims about cookies.
		{
			ID: "CANDOR-CLAIM-NO-COOKIES", Title: "No cookies", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoCookies},
			Rationale:   "A policy that promises no cookies tells visitors they need not worry about consent or tracking by cookie.",
			Remediation: "Remove the code that sets the cookies listed, or correct the policy.",
			Rule:        "broken by any cookie present after a page loaded (first- or third-party, set by header or script); kept when none was seen.",
			Judge:       claimJudge([]string{KindNoCookies}, true, judgeNoCookies),
		},
		{
			ID: "CANDOR-CLAIM-NO-THIRD-PARTY-COOKIES", Title: "No third-party cookies", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoThirdPartyCookies},
			Rationale:   "Third-party cookies let other companies recognise a visitor across sites.",
			Remediation: "Remove or replace the embeds and scripts whose domains set the cookies listed, or correct the policy.",
			Rule:        "broken by any cookie whose domain is not the site's (party third); kept when none was seen.",
			Judge:       claimJudge([]string{KindNoThirdPartyCookies}, true, judgeNoThirdPartyCookies),
		},
		{
			ID: "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY", Title: "Essential cookies only", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindEssentialCookiesOnly},
			Rationale:   "Non-essential cookies need consent in much of the world; a policy that says there are none tells visitors no consent is needed.",
			Remediation: "Remove the analytics, advertising or marketing cookies listed, or ask for consent and correct the policy.",
			Rule: "broken by a cookie of purpose analytics, advertising, marketing or session-recording (first- or third-party). " +
				"A cookie of unknown or functional purpose makes it unverifiable, with the cookies listed. Counted as essential: cookies the tables know as essential " +
				"(session and CSRF cookies such as PHPSESSID, JSESSIONID, csrftoken; bot protection; consent records) and cookies the policy names in a " +
				"discloses-cookie claim, unless the tables know that name as non-essential. Non-essential storage keys make it unverifiable.",
			Judge: claimJudge([]string{KindEssentialCookiesOnly}, true, judgeEssentialOnly),
		},
		// Claims about who receives data.
		{
			ID: "CANDOR-CLAIM-NO-ANALYTICS", Title: "No analytics", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoAnalytics},
			Rationale:   "Analytics services receive every page view, usually with an identifier.",
			Remediation: "Remove the analytics listed, or correct the policy and disclose them.",
			Rule: "broken by a request the page itself makes to an organisation of category analytics or session-recording, by a first-party cookie or " +
				"storage key of purpose analytics or session-recording, or by such a third-party cookie when the page also contacted its organisation. " +
				"Unverifiable (evidence listed) when the only such evidence is inside an undisclosed embed's iframe, a third-party analytics cookie with no request " +
				"to tie it to, a tag manager, or an unidentified host on the user's filter list. CDN, hosting and other categories never count, so a " +
				"Cloudflare CDN request does not break it.",
			Judge: claimJudge([]string{KindNoAnalytics}, true, judgeNoAnalytics),
		},
		{
			ID: "CANDOR-CLAIM-NO-ADVERTISING", Title: "No advertising", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoAdvertising},
			Rationale:   "Advertising services profile visitors across sites.",
			Remediation: "Remove the advertising services and cookies listed, or correct the policy.",
			Rule: "broken by a request the page makes to an organisation of category advertising, a first-party advertising cookie or storage key, or " +
				"a third-party advertising cookie when the page also contacted its organisation. Unverifiable when the only evidence is inside an " +
				"undisclosed embed's iframe (a video player's ads), a third-party advertising cookie with no request to tie it to, a marketing cookie, or an " +
				"unidentified host on the user's filter list.",
			Judge: claimJudge([]string{KindNoAdvertising}, true, judgeNoAdvertising),
		},
		{
			ID: "CANDOR-CLAIM-NO-TRACKING", Title: "No tracking", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoTracking},
			Rationale:   "Tracking follows a person from page to page or site to site with an identifier.",
			Remediation: "Remove the trackers listed, or correct the policy.",
			Rule: "broken by what follows a person: a request the page makes to an advertising or session-recording organisation; a request to an " +
				"analytics or social organisation that also set an identifier (a cookie or storage key of purpose analytics, advertising or " +
				"session-recording, or any non-essential third-party cookie on its domain); an identifier cookie or storage key set first-party " +
				"(such as _ga or _fbp). A disclosed or undisclosed cookieless aggregate analytics service (Plausible-style) alone gives info, with the " +
				"evidence, for a person to judge. Unverifiable when analytics or a social widget was seen without an identifier, or the evidence is " +
				"inside an undisclosed embed's iframe. Also broken by fingerprinting or session-recording behaviour of any party and by typed text sent " +
				"to a third party before it was submitted (key logging); typed text sent to the site itself (a search box) does not count. For a " +
				"result gathered without behaviour watching the message says so.",
			Judge: claimJudge([]string{KindNoTracking}, true, judgeNoTracking),
		},
		{
			ID: "CANDOR-CLAIM-NO-THIRD-PARTY-SCRIPTS", Title: "No third-party scripts", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoThirdPartyScripts},
			Rationale:   "A third-party script runs with the page's full authority and can read everything a visitor types.",
			Remediation: "Self-host the scripts listed or remove them, or correct the policy and disclose their providers.",
			Rule: "broken by a script (resource type Script) the page loads from an identified organisation the policy does not disclose. Scripts of " +
				"disclosed organisations, and scripts inside a disclosed embed's iframe (a YouTube player), are listed but keep it. Unverifiable when a " +
				"script comes from a host no data set identifies (it may be the site's own: scan with --first-party) or from inside an undisclosed iframe.",
			Judge: claimJudge([]string{KindNoThirdPartyScripts}, true, judgeNoThirdPartyScripts),
		},
		{
			ID: "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY", Title: "Disclosed third party", Group: GroupClaim, Severity: result.SeverityInfo,
			Claims:      []string{KindDisclosesThirdParty},
			Rationale:   "A disclosure is a promise kept by being made; Candor reports whether the party was actually seen.",
			Remediation: "None needed. A disclosure never seen may be stale.",
			Rule: "kept (\"seen\", with the requests and cookies) when a request or cookie of the named organisation was seen; info (\"not seen on " +
				"the pages scanned\") otherwise. Never broken. The subject matches an organisation's name or company, ignoring case and punctuation, " +
				"after Candor's alias table (AWS, Cognito, CloudFront -> Amazon Web Services; Meta -> Facebook; …), and as leading words " +
				"(\"Cloudflare\" names Cloudflare CDN).",
			Judge: claimJudge([]string{KindDisclosesThirdParty}, true, judgeDisclosesThirdParty),
		},
		{
			ID: "CANDOR-CLAIM-DENIES-THIRD-PARTY", Title: "Third party said not to be used", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindDeniesThirdParty},
			Rationale:   "A policy that names a service as not used (\"We do not use Google Analytics\") makes a precise promise visitors rely on.",
			Remediation: "Remove the service from the site, or correct the policy.",
			Rule: "broken when the page itself requests the named organisation or a cookie of it is set (matching as for disclosures); " +
				"unverifiable when the organisation is contacted only from inside an embedded iframe; kept otherwise (not seen on the pages scanned).",
			Judge: claimJudge([]string{KindDeniesThirdParty}, true, judgeDeniesThirdParty),
		},
		{
			ID: "CANDOR-CLAIM-DISCLOSES-COOKIE", Title: "Disclosed cookie", Group: GroupClaim, Severity: result.SeverityInfo,
			Claims:      []string{KindDisclosesCookie},
			Rationale:   "A named cookie tells visitors exactly what to expect.",
			Remediation: "None needed. A disclosure never seen may be stale.",
			Rule:        "kept (\"seen\") when a cookie or storage key of that exact name was seen; info (\"not seen on the pages scanned\") otherwise. Never broken.",
			Judge:       claimJudge([]string{KindDisclosesCookie}, true, judgeDisclosesCookie),
		},
		// Claims about transport and headers.
		{
			ID: "CANDOR-CLAIM-ENCRYPTS-IN-TRANSIT", Title: "Encrypted in transit", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindEncryptsInTransit},
			Rationale:   "Plain http, old TLS and mixed content expose visitors' data on the network.",
			Remediation: "Serve only https, redirect http to https, disable TLS versions below the one promised, and load every resource over https.",
			Rule: "broken by a final page on plain http, a negotiated TLS version below the minimum the claim states (\"TLS 1.2+\"), a legacy " +
				"version below that minimum that the server still accepts when probed, http:// not redirecting to https, or unblocked mixed content. " +
				"Unverifiable when the redirect was not checked, no TLS details were recorded, or a minimum is stated but legacy versions were not " +
				"probed. Legacy versions accepted with no minimum stated, and mixed content the browser blocked, are listed without breaking it. " +
				"Service-scope claims are judged on the website, and the message says so.",
			Judge: claimJudge([]string{KindEncryptsInTransit}, true, judgeEncryptsInTransit),
		},
		{
			ID: "CANDOR-CLAIM-SECURITY-HEADERS", Title: "Security headers", Group: GroupClaim, Severity: result.SeverityMedium,
			Claims:      []string{KindSecurityHeaders},
			Rationale:   "A claim of sound security headers can be graded the way Mozilla's HTTP Observatory grades them.",
			Remediation: "Fix the failing hygiene tests listed (CANDOR-HDR-*).",
			Rule: "the hygiene grade: kept at B- or better (score 65+), broken below C- (score under 45) with the failing tests listed, " +
				"unverifiable in between (a person judges whether a C meets the claim) and when no headers were recorded.",
			Judge: claimJudge([]string{KindSecurityHeaders}, true, judgeSecurityHeaders),
		},
		// Claims about consent, signals and behaviour.
		{
			ID: "CANDOR-CLAIM-CONSENT-BEFORE-TRACKING", Title: "Consent before tracking", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindConsentBeforeTracking},
			Rationale:   "A promise to ask first is broken by the first tracker that runs before the visitor answers, or after they say no.",
			Remediation: "Load trackers, non-essential cookies and fingerprinting scripts only after Accept, and never after Reject; or correct the policy.",
			Rule: "judged on the landed phase (the page as it loads, before any interaction) and, when the banner's Reject all was clicked, the reject " +
				"phase (only what happened after the click). Broken by a request the page makes to an advertising, analytics (not cookieless), social or " +
				"session-recording organisation, a cookie of purpose analytics, advertising, marketing or session-recording, a first-party identifier " +
				"storage key, fingerprinting or session recording by any party, or typed text sent to a third party. Unverifiable when the only such " +
				"evidence is inside an embed's iframe or an unidentified host on the filter list. Tag managers and consent platforms do not count. Kept " +
				"otherwise; the message says when no banner was found or it could not be rejected.",
			Judge: claimJudge([]string{KindConsentBeforeTracking}, true, judgeConsentBeforeTracking),
		},
		{
			ID: "CANDOR-CLAIM-HONORS-GPC-DNT", Title: "Honours GPC and DNT", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindHonorsGPCDNT},
			Rationale:   "Global Privacy Control is a legally binding opt-out in several US states; a site that says it honours it must stop tracking when it is sent.",
			Remediation: "Stop the trackers listed when a request carries Sec-GPC: 1 (or navigator.globalPrivacyControl is true), or correct the policy.",
			Rule: "compares the gpc phase (the landing page loaded in a fresh browser context with Sec-GPC: 1, DNT: 1 and navigator.globalPrivacyControl " +
				"true) with the landed phase, by organisation, using the tracking rule of consent-before-tracking. Broken when a tracker ran in both: the " +
				"signal changed nothing for it. Unverifiable when trackers ran only with the signal, or only ambiguous evidence was seen, and when no gpc " +
				"phase ran (scan with --gpc). Kept when no tracker ran with the signal; the message lists the trackers it stopped.",
			Judge: claimJudge([]string{KindHonorsGPCDNT}, true, judgeHonorsGPC),
		},
		{
			ID: "CANDOR-CLAIM-NO-FINGERPRINTING", Title: "No fingerprinting", Group: GroupClaim, Severity: result.SeverityHigh,
			Claims:      []string{KindNoFingerprinting},
			Rationale:   "Fingerprinting recognises a visitor without any cookie, so deleting cookies or refusing them does not help.",
			Remediation: "Remove the scripts listed, or correct the policy.",
			Rule: "broken by any canvas, canvas-font, WebGL or audio fingerprinting behaviour in any phase, by a first- or third-party script, with the " +
				"script's URL as evidence (the research criteria are in audit/behaviour). Unverifiable for a result gathered without behaviour watching " +
				"(no options.phases). Kept otherwise.",
			Judge: claimJudge([]string{KindNoFingerprinting}, true, judgeNoFingerprinting),
		},
		// Claims a browser cannot judge.
		{
			ID: "CANDOR-CLAIM-BACKEND", Title: "Back-end promise", Group: GroupClaim, Severity: result.SeverityInfo,
			Claims:      []string{KindNoSelling, KindNoSharing, KindNoIPLogging, KindRetention, KindDataLocation, KindPasswordHashing, KindEncryptionAtRest},
			Rationale:   "What happens on a company's servers cannot be seen from a browser.",
			Remediation: "None: a person or an auditor with access must check these.",
			Rule:        "always unverifiable, with the reason for each kind.",
			Judge:       claimJudge([]string{KindNoSelling, KindNoSharing, KindNoIPLogging, KindRetention, KindDataLocation, KindPasswordHashing, KindEncryptionAtRest}, false, judgeBackend),
		},
		{
			ID: "CANDOR-CLAIM-OTHER", Title: "Claim of an unknown kind", Group: GroupClaim, Severity: result.SeverityInfo,
			Rationale:   "Every claim read from the policy gets a finding, even one no check knows.",
			Remediation: "None: extend Candor with a rule for the kind.",
			Rule:        "unverifiable for any claim kind no other check judges.",
			Judge:       judgeUnknownKinds,
		},
		// Practice the policy does not mention.
		{
			ID: "CANDOR-UNDISCLOSED", Title: "Undisclosed third party", Group: GroupUndisclosed, Severity: result.SeverityHigh,
			Rationale: "Visitors' data goes to every organisation the browser contacts; a policy that leaves one out is incomplete.",
			Remediation: "Name the organisation in the privacy policy (and what it receives), or remove it from the site. " +
				"If the host is the site's own, scan with --first-party.",
			Rule: "one finding per organisation (grouped by company when known) that the browser contacted as a third party, or that owns a " +
				"non-essential cookie or storage key, and that no discloses-third-party claim names (cookies named by a discloses-cookie claim are " +
				"disclosed). Severity by category: advertising, analytics, session-recording high; social, marketing, tag-manager, customer-success, " +
				"video medium; CDN, hosting, utility, content, consent-provider, other and unidentified hosts low. Outcome fail for high and medium " +
				"(a CI gate should stop on these), info for low (listed, not gating), and info with low severity when the organisation was contacted " +
				"only from inside an embedded iframe.",
			Judge: judgeUndisclosed,
		},
		{
			ID: IDUndisclosedBehavior, Title: "Undisclosed tracking behaviour", Group: GroupUndisclosed, Severity: result.SeverityHigh,
			Rationale:   "Fingerprinting, session recording and reading what visitors type before they submit it go further than cookies; a policy must say so.",
			Remediation: "Remove the scripts listed, or describe the practice (and who does it) in the privacy policy.",
			Rule: "one finding per behaviour kind and organisation (or host) for fingerprinting and session recording by any party and typed text sent to " +
				"a third party, in any phase: fail, or info with low severity when the policy names the organisation (the company is disclosed, the " +
				"practice is not). Session recording by a disclosed recorder and typed text sent to the site itself (a search box) are not reported.",
			Judge: judgeUndisclosedBehaviour,
		},
		// Consent: what the site does before and after the visitor answers.
		{
			ID: IDConsentBefore, Title: "Tracking before consent", Group: GroupConsent, Severity: result.SeverityHigh,
			Rationale:   "Under the GDPR and ePrivacy rules trackers need consent first; one that runs before the banner is answered has none.",
			Remediation: "Hold the trackers listed until the visitor accepts (consent mode, or load them from the consent platform's callback).",
			Rule: "for a scan that looked at consent (result.consent present): fail when the landed phase shows tracking by the rule of " +
				"consent-before-tracking (also when the site has no banner at all, and the message says so), info when only ambiguous evidence, pass otherwise. " +
				"Judged even when the policy makes no consent claim.",
			Judge: judgeTrackingBeforeConsent,
		},
		{
			ID: IDConsentAfterReject, Title: "Tracking after reject", Group: GroupConsent, Severity: result.SeverityHigh,
			Rationale:   "A visitor who clicks Reject all has refused; tracking that follows ignores the answer.",
			Remediation: "Stop the trackers listed when the visitor rejects, also on later page views.",
			Rule: "when the reject phase clicked the banner's Reject all: fail when the reject phase (what the click and the next view of the page " +
				"brought, in a browser context of its own) shows tracking by the rule of consent-before-tracking, info when only ambiguous evidence, pass otherwise.",
			Judge: judgeTrackingAfterReject,
		},
		{
			ID: IDNoRejectButton, Title: "Reject on the first layer", Group: GroupConsent, Severity: result.SeverityMedium,
			Rationale:   "European regulators require refusing to be as easy as accepting: a Reject all button beside Accept all.",
			Remediation: "Put a Reject all (or Only necessary) button on the banner's first layer, as prominent as Accept all.",
			Rule:        "when a banner was found: fail when its first layer has an accept button but no reject button, pass when it has one.",
			Judge:       judgeNoRejectButton,
		},
		{
			ID: "CANDOR-POLICY-MISSING", Title: "Privacy policy found", Group: GroupPolicy, Severity: result.SeverityMedium,
			Rationale:   "Without a policy there is no promise to hold the site to, and nothing discloses what it does.",
			Remediation: "Publish a privacy policy and link it from every page (rel=\"privacy-policy\" helps), or point Candor at it with --policy.",
			Rule:        "fail when no policy was found (found_by none or no URL); info when one was found but no claim was read from it; pass otherwise.",
			Judge:       judgePolicyMissing,
		},
		// Hygiene, scored like Mozilla's HTTP Observatory.
		hygiene("CANDOR-HDR-CSP", "Content Security Policy", testCSP, result.SeverityMedium,
			"A CSP limits what scripts may run, the main defence against cross-site scripting.",
			"Send a Content-Security-Policy with script-src free of 'unsafe-inline', 'unsafe-eval', * and http: sources (use nonces or hashes), ideally default-src 'none'.",
			"csp-not-implemented -25; csp-header-invalid -25; script-src (or default-src) missing, allowing 'unsafe-inline' without a nonce or hash, or any host (*, https:, data:) -20; http: script sources -20; 'unsafe-eval' -10; 'unsafe-inline' in style-src only 0; no unsafe sources +5; with default-src 'none' +10. When several policies are sent, the strictest decides.",
			"Same results and modifiers (csp-implemented-with-no-unsafe-default-src-none +10, -no-unsafe +5, -unsafe-inline-in-style-src-only 0, -unsafe-eval -10, -insecure-scheme -20, -unsafe-inline -20, csp-not-implemented -25, csp-header-invalid -25). Differences: Candor reads the header only, not a <meta> CSP; it does not score passive-content schemes; counting *, https: and data: script sources as -20 and judging several policies by the strictest are Candor's own simplifications of the Observatory's fuller policy analysis."),
		hygiene("CANDOR-COOKIE-FLAGS", "Cookie flags", testCookies, result.SeverityMedium,
			"Cookies without Secure leak over http; session cookies without HttpOnly can be stolen by injected script.",
			"Set Secure on every cookie, HttpOnly on session cookies, and SameSite on all (especially anti-CSRF cookies).",
			"Over the site's own cookies set by response headers: session cookie (name contains sess or login) without Secure -40 (-10 with HSTS); session cookie without HttpOnly -30; cookie without Secure -20 (-5 with HSTS); anti-CSRF cookie without SameSite -20; all good and all with SameSite +5; all good 0; no cookies 0. The worst applies.",
			"Same results and modifiers. The Observatory reads Set-Cookie from its own request; Candor reads the cookies the browser kept, excluding script-set and third-party ones."),
		hygiene("CANDOR-HDR-CORS", "Cross-origin resource sharing", testCORS, result.SeverityMedium,
			"A permissive CORS policy can expose private content to other sites.",
			"Send Access-Control-Allow-Origin only for public content, and never reflect arbitrary origins with credentials.",
			"Access-Control-Allow-Origin absent, * or a specific origin: 0.",
			"Also fetches crossdomain.xml and clientaccesspolicy.xml and detects universal access (-50); Candor reads only the main document's header, so it never gives -50."),
		hygiene("CANDOR-TLS-REDIRECT", "HTTP to HTTPS redirect", testRedirect, result.SeverityHigh,
			"Visitors who type the bare domain start on http; without a redirect they stay there.",
			"Redirect http:// to https:// on the same host, permanently.",
			"redirects to https 0; no redirect, or the site ends on http, -20; not checked: unverifiable and not scored.",
			"Also distinguishes off-host first redirects (-5) and an http hop before https (-10); the result records only whether http ends on https."),
		hygiene("CANDOR-HDR-REFERRER-POLICY", "Referrer-Policy", testReferrer, result.SeverityLow,
			"Full URLs in the Referer header leak what a visitor reads to other sites.",
			"Send Referrer-Policy: strict-origin-when-cross-origin (or stricter).",
			"no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin +5; no-referrer-when-downgrade 0; absent 0; origin, origin-when-cross-origin, unsafe-url -5; unrecognised -5. The last recognised token applies.",
			"Same results and modifiers."),
		hygiene("CANDOR-HDR-HSTS", "Strict-Transport-Security", testHSTS, result.SeverityMedium,
			"HSTS makes browsers refuse plain http to the site, closing the first-visit downgrade.",
			"Send Strict-Transport-Security: max-age=31536000; includeSubDomains (and consider preload).",
			"absent -20; on a plain-http site -20; no max-age -20; max-age under 15552000 s (180 days) -10; otherwise 0. Candor also fails (score unchanged) a header without includeSubDomains.",
			"Same modifiers; the Observatory gives +5 when the host is on the HSTS preload list, which Candor does not check (no bonus), and does not require includeSubDomains."),
		hygiene("CANDOR-SRI", "Subresource Integrity", testSRI, result.SeverityMedium,
			"Without SRI, whoever controls a script's host controls the page.",
			"Add integrity attributes to third-party script tags, and load them over https.",
			"the page's own third-party scripts, with the integrity attribute the scan read from each script tag (Request.Integrity): none 0; all over https with SRI +5; over https, some without SRI -5; over plain http with SRI -20; over plain http without SRI -50.",
			"+5 with SRI on all external scripts; -5 without SRI over https; -20 with SRI over http; -50 without SRI over http. Read from the HTML's script tags."),
		hygiene("CANDOR-HDR-XCTO", "X-Content-Type-Options", testXCTO, result.SeverityLow,
			"Without nosniff, browsers may run a response as a script it was not meant to be.",
			"Send X-Content-Type-Options: nosniff.",
			"nosniff 0; absent -5; other value -5.",
			"Same results and modifiers."),
		hygiene("CANDOR-HDR-XFO", "Clickjacking protection", testXFO, result.SeverityMedium,
			"A page that any site can frame can be overlaid to trick clicks.",
			"Send Content-Security-Policy: frame-ancestors 'self' (or X-Frame-Options: DENY / SAMEORIGIN).",
			"CSP frame-ancestors +5; X-Frame-Options DENY or SAMEORIGIN 0; ALLOW-FROM 0; neither -20; unrecognised -20.",
			"Same results and modifiers."),
		hygiene("CANDOR-HDR-CORP", "Cross-Origin-Resource-Policy", testCORP, result.SeverityLow,
			"CORP stops other sites embedding the page's resources and reading them through side channels.",
			"Send Cross-Origin-Resource-Policy: same-origin (or same-site).",
			"absent 0; same-origin, same-site, cross-origin 0; unrecognised -5.",
			"Same results and modifiers."),
		{
			ID: "CANDOR-HDR-COOP", Title: "Cross-Origin-Opener-Policy", Group: GroupHygiene, Severity: result.SeverityLow,
			Rationale:   "COOP isolates the page from windows it opens or that open it.",
			Remediation: "Send Cross-Origin-Opener-Policy: same-origin (or same-origin-allow-popups).",
			Rule:        "pass for same-origin, same-origin-allow-popups or noopener-allow-popups; info when absent or unsafe-none; fail when unrecognised. Not scored.",
			Observatory: "Not an Observatory test; Candor reports it without changing the score.",
			Judge:       judgeCOOP,
		},
		{
			ID: "CANDOR-TLS-MIXED-CONTENT", Title: "Mixed content", Group: GroupHygiene, Severity: result.SeverityMedium,
			Rationale:   "A plain-http resource on an https page can be read or replaced on the network.",
			Remediation: "Load every resource over https (or send upgrade-insecure-requests).",
			Rule:        "fail when a plain-http resource loaded on an https page; info when the browser blocked every one; pass when none. Not scored.",
			Observatory: "Folded into the Observatory's CSP and SRI tests; Candor reports it separately without changing the score.",
			Judge:       judgeMixedContent,
		},
		{
			ID: "CANDOR-TLS-CERT-EXPIRY", Title: "Certificate expiry", Group: GroupHygiene, Severity: result.SeverityHigh,
			Rationale:   "An expired certificate locks visitors out or trains them to click through warnings.",
			Remediation: "Renew the certificate, and automate renewal (ACME).",
			Rule:        "fail (high) when the certificate expires within 14 days of the scan, fail (critical) when it has expired; pass otherwise. Measured from the scan's start time, not the clock. Not scored.",
			Observatory: "Not an Observatory test (its TLS Observatory sibling covers certificates).",
			Judge:       judgeCertExpiry,
		},
		{
			ID: "CANDOR-TLS-LEGACY", Title: "Legacy TLS accepted", Group: GroupHygiene, Severity: result.SeverityMedium,
			Rationale:   "TLS 1.0 and 1.1 are deprecated (RFC 8996) and lack modern protections.",
			Remediation: "Disable TLS 1.0 and 1.1 on the server; require TLS 1.2 or later.",
			Rule:        "fail when a handshake completed with TLS 1.0 or 1.1 (probed with Go's crypto/tls capped at that version); pass when both were refused; unverifiable when not probed. Not scored.",
			Observatory: "Not an Observatory test (its TLS Observatory sibling covers protocol versions).",
			Judge:       judgeLegacyTLS,
		},
		{
			ID: "CANDOR-SCAN-HEADLESS-DETECTION", Title: "Scanner detection", Group: GroupHygiene, Severity: result.SeverityLow,
			Rationale:   "A page that checks for an automated browser can show a scanner a cleaner site than it shows people, so the other findings may understate what it does.",
			Remediation: "Nothing for the site to fix; an auditor should confirm the findings in an ordinary browser (for example with the browser's developer tools).",
			Rule:        "info, with the scripts, when a script read navigator.webdriver; pass when none did; unverifiable for a scan that did not watch for it. Not scored.",
			Observatory: "Not an Observatory test; it says how far this scan's evidence can be trusted.",
			Judge:       judgeHeadlessDetection,
		},
	}
}

// hygiene builds a check scored like an Observatory test.
func hygiene(id, title, test string, sev result.Severity, rationale, remediation, rule, observatoryRule string) Check {
	return Check{
		ID: id, Title: title, Group: GroupHygiene, Severity: sev,
		Rationale: rationale, Remediation: remediation,
		Rule:        rule + " (Observatory test " + test + ".)",
		Observatory: observatoryRule,
		Judge:       hygieneJudge(test),
	}
}
