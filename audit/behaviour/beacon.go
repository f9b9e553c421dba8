package behaviour

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The beacon vendors DecodeBeacon knows (result.Beacon.Vendor).
const (
	VendorFacebook  = "facebook-pixel"
	VendorGA4       = "ga4"
	VendorUA        = "universal-analytics"
	VendorGoogleAds = "google-ads"
	VendorTikTok    = "tiktok"
	VendorLinkedIn  = "linkedin"
)

// maxParams bounds the parameters kept per beacon.
const maxParams = 40

// adsPath matches the Google Ads conversion and remarketing paths and
// captures the kind and the conversion id.
var adsPath = regexp.MustCompile(`^/pagead/(conversion|viewthroughconversion|1p-conversion|1p-user-list)/(\d+)/?`)

// DecodeBeacon decodes a tracking pixel or analytics hit from its URL and,
// for a POST, its body. It reports false when the request is none of the
// known beacons. Page and Phase come from req.
func DecodeBeacon(req result.Request, postData string) (result.Beacon, bool) {
	u, err := url.Parse(req.URL)
	if err != nil || u.Host == "" {
		return result.Beacon{}, false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	q := u.Query()
	var b result.Beacon
	var ok bool
	switch {
	case isHost(host, "facebook.com") && (u.Path == "/tr" || u.Path == "/tr/"):
		b, ok = facebookPixel(q, postData)
	case strings.HasSuffix(u.Path, "/g/collect"):
		b, ok = ga4(q, postData)
	case isHost(host, "google-analytics.com") && (u.Path == "/collect" || u.Path == "/r/collect" || u.Path == "/j/collect" || u.Path == "/batch"):
		b, ok = universalAnalytics(q, postData)
	case isHost(host, "googleadservices.com") || isHost(host, "doubleclick.net") || host == "www.google.com" || host == "google.com":
		b, ok = googleAds(u.Path, q)
	case isHost(host, "tiktok.com") && strings.HasPrefix(u.Path, "/api/v2/pixel"):
		b, ok = tiktok(q, postData)
	case isHost(host, "linkedin.com") && (u.Path == "/collect" || u.Path == "/collect/" || strings.HasPrefix(u.Path, "/wa/")):
		b, ok = linkedin(q, postData)
	}
	if !ok {
		return result.Beacon{}, false
	}
	b.URL, b.Page, b.Phase = req.URL, req.Page, req.Phase
	if len(b.Params) == 0 {
		b.Params = nil
	}
	return b, true
}

// isHost reports whether host is domain or a subdomain of it.
func isHost(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// formBody parses a form-encoded POST body; it returns nil for anything else.
func formBody(body string) url.Values {
	body = strings.TrimSpace(body)
	if body == "" || strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
		return nil
	}
	v, err := url.ParseQuery(body)
	if err != nil {
		return nil
	}
	return v
}

// keep copies the values whose keys pass want into params, first value wins.
func keep(params map[string]string, v url.Values, want func(string) bool) {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(params) >= maxParams {
			return
		}
		if _, dup := params[k]; dup || !want(k) || len(v[k]) == 0 {
			continue
		}
		params[k] = v[k][0]
	}
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// facebookPixel decodes facebook.com/tr: id, ev, custom data cd[…] and the
// hashed advanced-matching user data ud[…].
func facebookPixel(q url.Values, body string) (result.Beacon, bool) {
	for k, vs := range formBody(body) {
		if _, ok := q[k]; !ok {
			q[k] = vs
		}
	}
	id := q.Get("id")
	if id == "" {
		return result.Beacon{}, false
	}
	b := result.Beacon{Vendor: VendorFacebook, ID: id, Params: map[string]string{}}
	b.Events = appendUnique(nil, q.Get("ev"))
	keep(b.Params, q, func(k string) bool {
		return strings.HasPrefix(k, "cd[") || strings.HasPrefix(k, "ud[") || k == "dl"
	})
	return b, true
}

// ga4 decodes a GA4 /g/collect hit: the measurement id, the event of the
// URL and one event per line of a batched body.
func ga4(q url.Values, body string) (result.Beacon, bool) {
	tid := q.Get("tid")
	if q.Get("v") != "2" && !strings.HasPrefix(tid, "G-") {
		return result.Beacon{}, false
	}
	b := result.Beacon{Vendor: VendorGA4, ID: tid, Params: map[string]string{}}
	want := func(k string) bool {
		return strings.HasPrefix(k, "ep.") || strings.HasPrefix(k, "epn.") || strings.HasPrefix(k, "up.") || k == "dl" || k == "dt"
	}
	b.Events = appendUnique(b.Events, q.Get("en"))
	keep(b.Params, q, want)
	for line := range strings.SplitSeq(body, "\n") {
		v := formBody(line)
		if v == nil {
			continue
		}
		b.Events = appendUnique(b.Events, v.Get("en"))
		keep(b.Params, v, want)
	}
	return b, true
}

// universalAnalytics decodes a Universal Analytics (analytics.js) hit: the
// property id and the hit type of the URL or of each line of the body.
func universalAnalytics(q url.Values, body string) (result.Beacon, bool) {
	lines := []url.Values{q}
	for line := range strings.SplitSeq(body, "\n") {
		if v := formBody(line); v != nil {
			lines = append(lines, v)
		}
	}
	b := result.Beacon{Vendor: VendorUA, Params: map[string]string{}}
	for _, v := range lines {
		if b.ID == "" && strings.HasPrefix(v.Get("tid"), "UA-") {
			b.ID = v.Get("tid")
		}
		b.Events = appendUnique(b.Events, v.Get("t"))
		keep(b.Params, v, func(k string) bool {
			switch k {
			case "dl", "dp", "dt", "ec", "ea", "el", "ev", "uid":
				return true
			}
			return false
		})
	}
	if b.ID == "" {
		return result.Beacon{}, false
	}
	return b, true
}

// googleAds decodes a Google Ads conversion or remarketing hit: the
// conversion id (as AW-…), the kind and the event of its data parameter.
func googleAds(path string, q url.Values) (result.Beacon, bool) {
	m := adsPath.FindStringSubmatch(path)
	if m == nil {
		return result.Beacon{}, false
	}
	kind := map[string]string{
		"conversion":            "conversion",
		"1p-conversion":         "conversion",
		"viewthroughconversion": "view-through-conversion",
		"1p-user-list":          "remarketing",
	}[m[1]]
	b := result.Beacon{Vendor: VendorGoogleAds, ID: "AW-" + m[2], Events: []string{kind}, Params: map[string]string{}}
	for part := range strings.SplitSeq(q.Get("data"), ";") {
		if k, v, ok := strings.Cut(part, "="); ok && k == "event" {
			b.Events = appendUnique(b.Events, v)
		}
	}
	keep(b.Params, q, func(k string) bool {
		switch k {
		case "label", "value", "currency_code", "url", "data", "oid":
			return true
		}
		return false
	})
	return b, true
}

// tiktokEvent is the part of a TikTok pixel event Candor reads.
type tiktokEvent struct {
	Event   string `json:"event"`
	Context struct {
		Pixel struct {
			Code string `json:"code"`
		} `json:"pixel"`
		Page struct {
			URL string `json:"url"`
		} `json:"page"`
		User map[string]any `json:"user"`
	} `json:"context"`
	Properties map[string]any `json:"properties"`
}

// tiktok decodes analytics.tiktok.com/api/v2/pixel: the pixel code and the
// event of a JSON body, or of each entry of a batch.
func tiktok(q url.Values, body string) (result.Beacon, bool) {
	var events []tiktokEvent
	var batch struct {
		Batch []tiktokEvent `json:"batch"`
	}
	var one tiktokEvent
	if err := json.Unmarshal([]byte(body), &batch); err == nil && len(batch.Batch) > 0 {
		events = batch.Batch
	} else if err := json.Unmarshal([]byte(body), &one); err == nil {
		events = []tiktokEvent{one}
	}
	b := result.Beacon{Vendor: VendorTikTok, ID: q.Get("sdkid"), Params: map[string]string{}}
	if e := q.Get("event"); e != "" {
		b.Events = appendUnique(b.Events, e)
	}
	for _, e := range events {
		if b.ID == "" {
			b.ID = e.Context.Pixel.Code
		}
		b.Events = appendUnique(b.Events, e.Event)
		if e.Context.Page.URL != "" && b.Params["page.url"] == "" {
			b.Params["page.url"] = e.Context.Page.URL
		}
		flatten(b.Params, "properties.", e.Properties)
		flatten(b.Params, "user.", e.Context.User)
	}
	if b.ID == "" {
		return result.Beacon{}, false
	}
	return b, true
}

// flatten copies the scalar values of m into params under prefix.
func flatten(params map[string]string, prefix string, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(params) >= maxParams {
			return
		}
		switch v := m[k].(type) {
		case string:
			params[prefix+k] = v
		case float64, bool:
			raw, _ := json.Marshal(v)
			params[prefix+k] = string(raw)
		}
	}
}

// linkedin decodes the LinkedIn Insight Tag: the partner id and a
// conversion when one is named.
func linkedin(q url.Values, body string) (result.Beacon, bool) {
	pid := q.Get("pid")
	var wa struct {
		Pids []json.Number `json:"pids"`
		Href string        `json:"href"`
	}
	if pid == "" && json.Unmarshal([]byte(body), &wa) == nil && len(wa.Pids) > 0 {
		ids := make([]string, len(wa.Pids))
		for i, p := range wa.Pids {
			ids[i] = p.String()
		}
		pid = strings.Join(ids, ",")
		q.Set("url", wa.Href)
	}
	if pid == "" {
		return result.Beacon{}, false
	}
	b := result.Beacon{Vendor: VendorLinkedIn, ID: pid, Params: map[string]string{}}
	if c := q.Get("conversionId"); c != "" {
		b.Events = []string{"conversion:" + c}
	} else {
		b.Events = []string{"pageview"}
	}
	keep(b.Params, q, func(k string) bool { return k == "url" || k == "conversionId" })
	return b, true
}
