package audit

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/version"
)

// HAR 1.2 types: only the fields Candor fills.
type (
	harFile struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Browser harCreator `json:"browser"`
		Pages   []harPage  `json:"pages"`
		Entries []harEntry `json:"entries"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harPage struct {
		StartedDateTime string         `json:"startedDateTime"`
		ID              string         `json:"id"`
		Title           string         `json:"title"`
		PageTimings     map[string]int `json:"pageTimings"`
	}
	harEntry struct {
		Pageref         string      `json:"pageref,omitempty"`
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		Cache           struct{}    `json:"cache"`
		Timings         harTimings  `json:"timings"`
		ServerIPAddress string      `json:"serverIPAddress,omitempty"`
		Initiator       string      `json:"_initiator,omitempty"`
		ResourceType    string      `json:"_resourceType,omitempty"`
	}
	harRequest struct {
		Method      string     `json:"method"`
		URL         string     `json:"url"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []struct{} `json:"cookies"`
		Headers     []harNV    `json:"headers"`
		QueryString []harNV    `json:"queryString"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
	}
	harResponse struct {
		Status      int        `json:"status"`
		StatusText  string     `json:"statusText"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []struct{} `json:"cookies"`
		Headers     []harNV    `json:"headers"`
		Content     harContent `json:"content"`
		RedirectURL string     `json:"redirectURL"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
		Error       string     `json:"_error,omitempty"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
	}
	harNV struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harTimings struct {
		Blocked float64 `json:"blocked"`
		DNS     float64 `json:"dns"`
		Connect float64 `json:"connect"`
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
		SSL     float64 `json:"ssl"`
	}
)

// buildHAR turns the recorded exchanges into a HAR 1.2 log.
func (s *scan) buildHAR() harFile {
	s.col.mu.Lock()
	defer s.col.mu.Unlock()
	h := harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: "candor", Version: firstNonEmpty(s.opts.ToolVersion, version.String())},
		Browser: harCreator{Name: "Chromium", Version: s.b.product},
		Pages:   []harPage{},
		Entries: []harEntry{},
	}}
	pageStart := map[int]time.Time{}
	for _, x := range s.col.exchanges {
		if t, ok := pageStart[x.pageIx]; !ok || x.started.Before(t) {
			pageStart[x.pageIx] = x.started
		}
	}
	for i, p := range s.res.Pages {
		start := pageStart[i]
		if start.IsZero() {
			start = s.res.StartedAt
		}
		h.Log.Pages = append(h.Log.Pages, harPage{StartedDateTime: start.UTC().Format(time.RFC3339Nano), ID: pageID(i), Title: firstNonEmpty(p.Title, p.URL), PageTimings: map[string]int{}})
	}
	for _, x := range s.col.exchanges {
		e := harEntry{
			Pageref:         pageID(x.pageIx),
			StartedDateTime: x.started.UTC().Format(time.RFC3339Nano),
			Time:            x.req.DurationMS,
			ServerIPAddress: x.req.RemoteIP,
			Initiator:       x.req.Initiator,
			ResourceType:    x.req.ResourceType,
			Request: harRequest{
				Method: x.req.Method, URL: x.req.URL, HTTPVersion: firstNonEmpty(x.protocol, "unknown"),
				Cookies: []struct{}{}, Headers: nvs(x.reqHeaders), QueryString: query(x.req.URL),
				HeadersSize: -1, BodySize: x.postSize,
			},
			Response: harResponse{
				Status: x.req.Status, StatusText: x.statusText, HTTPVersion: firstNonEmpty(x.protocol, "unknown"),
				Cookies: []struct{}{}, Headers: nvs(x.resHeaders),
				Content:     harContent{Size: int(x.encoded), MimeType: firstNonEmpty(x.req.MimeType, "x-unknown")},
				RedirectURL: x.resHeaders["location"], HeadersSize: -1, BodySize: -1, Error: x.req.Failed,
			},
			Timings: timings(x),
		}
		if len(s.res.Pages) <= x.pageIx {
			e.Pageref = ""
		}
		h.Log.Entries = append(h.Log.Entries, e)
	}
	return h
}

func pageID(i int) string { return fmt.Sprintf("page_%d", i+1) }

// writeHAR writes the HAR log to path (atomically, mode 0600).
func (s *scan) writeHAR(path string) error {
	data, err := json.MarshalIndent(s.buildHAR(), "", "  ")
	if err != nil {
		return fmt.Errorf("encode HAR: %w", err)
	}
	if err := result.WriteFileAtomic(path, append(data, '\n')); err != nil {
		return err
	}
	s.res.Artifacts.HAR = path
	return nil
}

func nvs(m map[string]string) []harNV {
	out := make([]harNV, 0, len(m))
	for k, v := range m {
		out = append(out, harNV{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func query(raw string) []harNV {
	out := []harNV{}
	u, err := parseURL(raw)
	if err != nil {
		return out
	}
	for k, vs := range u.Query() {
		for _, v := range vs {
			out = append(out, harNV{Name: k, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// timings maps Chromium's resource timing onto HAR's phases; -1 is
// "does not apply".
func timings(x *exchange) harTimings {
	t := harTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Send: 0, Wait: 0, Receive: 0}
	rt := x.timing
	if rt == nil {
		t.Wait = x.req.DurationMS
		return t
	}
	span := func(a, b float64) float64 {
		if a < 0 || b < 0 {
			return -1
		}
		return round1(b - a)
	}
	t.DNS = span(rt.DNSStart, rt.DNSEnd)
	t.Connect = span(rt.ConnectStart, rt.ConnectEnd)
	t.SSL = span(rt.SslStart, rt.SslEnd)
	t.Send = max(0, span(rt.SendStart, rt.SendEnd))
	t.Wait = max(0, span(rt.SendEnd, rt.ReceiveHeadersEnd))
	t.Receive = max(0, round1(x.req.DurationMS-rt.ReceiveHeadersEnd))
	return t
}
