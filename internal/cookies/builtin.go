package cookies

// entry is one row of a cookie table. Prefix rows match every name that
// starts with Name; Domains, when set, limits the row to cookies whose
// domain is one of them or under one of them, so a site's own cookie
// named "fr" or "NID" is not mistaken for Facebook's or Google's.
type entry struct {
	Name    string
	Prefix  bool
	Purpose string
	Org     string
	Domains []string
}

// builtin is Candor's own table of well-known cookie names. Org names are
// the third-party-web entity names where one exists, so classification can
// resolve them. Facts only: names, owners and purposes as their vendors
// document them.
var builtin = []entry{
	// Google Analytics.
	{Name: "_ga", Purpose: PurposeAnalytics, Org: "Google Analytics"},
	{Name: "_ga_", Prefix: true, Purpose: PurposeAnalytics, Org: "Google Analytics"},
	{Name: "_gid", Purpose: PurposeAnalytics, Org: "Google Analytics"},
	{Name: "_gat", Prefix: true, Purpose: PurposeAnalytics, Org: "Google Analytics"},
	{Name: "_dc_gtm_", Prefix: true, Purpose: PurposeAnalytics, Org: "Google Analytics"},
	{Name: "__utm", Prefix: true, Purpose: PurposeAnalytics, Org: "Google Analytics"},
	// Google advertising.
	{Name: "_gcl_", Prefix: true, Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads"},
	{Name: "_gac_", Prefix: true, Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads"},
	{Name: "__gads", Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads"},
	{Name: "__gpi", Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads"},
	{Name: "IDE", Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads", Domains: []string{"doubleclick.net"}},
	{Name: "DSID", Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads", Domains: []string{"doubleclick.net"}},
	{Name: "test_cookie", Purpose: PurposeAdvertising, Org: "Google/Doubleclick Ads", Domains: []string{"doubleclick.net"}},
	{Name: "NID", Purpose: PurposeAdvertising, Org: "Google", Domains: []string{"google.com"}},
	{Name: "1P_JAR", Purpose: PurposeAdvertising, Org: "Google", Domains: []string{"google.com"}},
	{Name: "VISITOR_INFO1_LIVE", Purpose: PurposeAdvertising, Org: "YouTube", Domains: []string{"youtube.com"}},
	{Name: "YSC", Purpose: PurposeAnalytics, Org: "YouTube", Domains: []string{"youtube.com"}},
	// Meta / Facebook.
	{Name: "_fbp", Purpose: PurposeAdvertising, Org: "Facebook"},
	{Name: "_fbc", Purpose: PurposeAdvertising, Org: "Facebook"},
	{Name: "fr", Purpose: PurposeAdvertising, Org: "Facebook", Domains: []string{"facebook.com"}},
	// Session recorders.
	{Name: "_hj", Prefix: true, Purpose: PurposeSessionRecording, Org: "Hotjar"},
	{Name: "_clck", Purpose: PurposeSessionRecording, Org: "Microsoft Clarity"},
	{Name: "_clsk", Purpose: PurposeSessionRecording, Org: "Microsoft Clarity"},
	{Name: "CLID", Purpose: PurposeSessionRecording, Org: "Microsoft Clarity", Domains: []string{"clarity.ms"}},
	{Name: "fs_uid", Purpose: PurposeSessionRecording, Org: "FullStory"},
	{Name: "mf_", Prefix: true, Purpose: PurposeSessionRecording, Org: "Mouseflow"},
	{Name: "_lo_", Prefix: true, Purpose: PurposeSessionRecording, Org: "Lucky Orange"},
	{Name: "__insp_", Prefix: true, Purpose: PurposeSessionRecording, Org: "Inspectlet"},
	{Name: "SL_C_", Prefix: true, Purpose: PurposeSessionRecording, Org: "Smartlook"},
	// Microsoft advertising.
	{Name: "MUID", Purpose: PurposeAdvertising, Org: "Bing Ads", Domains: []string{"bing.com", "microsoft.com", "clarity.ms"}},
	{Name: "_uetsid", Purpose: PurposeAdvertising, Org: "Bing Ads"},
	{Name: "_uetvid", Purpose: PurposeAdvertising, Org: "Bing Ads"},
	// LinkedIn.
	{Name: "li_sugr", Purpose: PurposeAdvertising, Org: "LinkedIn Ads", Domains: []string{"linkedin.com"}},
	{Name: "bcookie", Purpose: PurposeAdvertising, Org: "LinkedIn Ads", Domains: []string{"linkedin.com"}},
	{Name: "UserMatchHistory", Purpose: PurposeAdvertising, Org: "LinkedIn Ads", Domains: []string{"linkedin.com"}},
	{Name: "_li_", Prefix: true, Purpose: PurposeAdvertising, Org: "LinkedIn Ads"},
	// TikTok, Pinterest, X.
	{Name: "_tt_", Prefix: true, Purpose: PurposeAdvertising, Org: "TikTok"},
	{Name: "_ttp", Purpose: PurposeAdvertising, Org: "TikTok"},
	{Name: "_pin_unauth", Purpose: PurposeAdvertising, Org: "Pinterest"},
	{Name: "personalization_id", Purpose: PurposeAdvertising, Org: "Twitter", Domains: []string{"twitter.com", "x.com"}},
	// Other analytics and marketing.
	{Name: "_pk_id", Prefix: true, Purpose: PurposeAnalytics, Org: "Matomo"},
	{Name: "_pk_ses", Prefix: true, Purpose: PurposeAnalytics, Org: "Matomo"},
	{Name: "ajs_anonymous_id", Purpose: PurposeAnalytics, Org: "Segment"},
	{Name: "ajs_user_id", Purpose: PurposeAnalytics, Org: "Segment"},
	{Name: "_ym_uid", Purpose: PurposeAnalytics, Org: "Yandex Metrica"},
	{Name: "_ym_d", Purpose: PurposeAnalytics, Org: "Yandex Metrica"},
	{Name: "__hstc", Purpose: PurposeMarketing, Org: "Hubspot"},
	{Name: "hubspotutk", Purpose: PurposeMarketing, Org: "Hubspot"},
	{Name: "__hssc", Purpose: PurposeMarketing, Org: "Hubspot"},
	{Name: "__hssrc", Purpose: PurposeMarketing, Org: "Hubspot"},
	{Name: "_mkto_trk", Purpose: PurposeMarketing, Org: "Marketo"},
	// Cloudflare: bot management and load balancing.
	{Name: "__cf_bm", Purpose: PurposeEssential, Org: "Cloudflare"},
	{Name: "cf_clearance", Purpose: PurposeEssential, Org: "Cloudflare"},
	{Name: "__cfruid", Purpose: PurposeEssential, Org: "Cloudflare"},
	{Name: "_cfuvid", Purpose: PurposeEssential, Org: "Cloudflare"},
	{Name: "__cflb", Purpose: PurposeEssential, Org: "Cloudflare"},
	// Payments: fraud prevention.
	{Name: "__stripe_mid", Purpose: PurposeEssential, Org: "Stripe"},
	{Name: "__stripe_sid", Purpose: PurposeEssential, Org: "Stripe"},
	// Server sessions of common frameworks.
	{Name: "PHPSESSID", Purpose: PurposeEssential},
	{Name: "JSESSIONID", Purpose: PurposeEssential},
	{Name: "ASP.NET_SessionId", Purpose: PurposeEssential},
	{Name: "ASPSESSIONID", Prefix: true, Purpose: PurposeEssential},
	{Name: ".AspNetCore.Session", Purpose: PurposeEssential},
	{Name: ".AspNetCore.Antiforgery.", Prefix: true, Purpose: PurposeEssential},
	{Name: "__RequestVerificationToken", Prefix: true, Purpose: PurposeEssential},
	{Name: "CFID", Purpose: PurposeEssential},
	{Name: "CFTOKEN", Purpose: PurposeEssential},
	{Name: "connect.sid", Purpose: PurposeEssential},
	{Name: "sessionid", Purpose: PurposeEssential},
	{Name: "laravel_session", Purpose: PurposeEssential},
	{Name: "ci_session", Purpose: PurposeEssential},
	{Name: "_session_id", Purpose: PurposeEssential},
	{Name: "rack.session", Purpose: PurposeEssential},
	// CSRF tokens.
	{Name: "csrftoken", Purpose: PurposeEssential},
	{Name: "XSRF-TOKEN", Purpose: PurposeEssential},
	{Name: "_csrf", Purpose: PurposeEssential},
	{Name: "csrf_token", Purpose: PurposeEssential},
	{Name: "__Host-csrf", Prefix: true, Purpose: PurposeEssential},
	// WordPress login.
	{Name: "wordpress_logged_in_", Prefix: true, Purpose: PurposeEssential, Org: "WordPress"},
	{Name: "wordpress_sec_", Prefix: true, Purpose: PurposeEssential, Org: "WordPress"},
	{Name: "wordpress_test_cookie", Purpose: PurposeEssential, Org: "WordPress"},
	{Name: "wp-settings-", Prefix: true, Purpose: PurposeFunctional, Org: "WordPress"},
	// Consent records: storing the visitor's choice is necessary.
	{Name: "OptanonConsent", Purpose: PurposeEssential, Org: "Optanon"},
	{Name: "OptanonAlertBoxClosed", Purpose: PurposeEssential, Org: "Optanon"},
	{Name: "CookieConsent", Purpose: PurposeEssential, Org: "Cookiebot"},
	{Name: "cookieyes-consent", Purpose: PurposeEssential, Org: "CookieYes"},
	{Name: "cmplz_", Prefix: true, Purpose: PurposeEssential, Org: "Complianz"},
	{Name: "cookielawinfo-checkbox-", Prefix: true, Purpose: PurposeEssential, Org: "CookieYes"},
	{Name: "borlabs-cookie", Purpose: PurposeEssential, Org: "Borlabs"},
	{Name: "didomi_token", Purpose: PurposeEssential, Org: "Didomi"},
	{Name: "euconsent-v2", Purpose: PurposeEssential},
	{Name: "cookieconsent_status", Purpose: PurposeEssential},
}
