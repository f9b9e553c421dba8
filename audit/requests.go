package audit

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/candor-audit/candor/audit/behaviour"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/cdproto/target"
)

// defaultMaxRequests caps the requests recorded per page.
const defaultMaxRequests = 5000

// exchange is one request hop as the browser reported it, with what HAR
// needs besides the result fields.
type exchange struct {
	req        result.Request
	started    time.Time // wall time
	startTS    float64   // monotonic seconds
	reqHeaders map[string]string
	postSize   int
	resHeaders map[string]string
	statusText string
	protocol   string
	encoded    float64
	timing     *network.ResourceTiming
	done       bool
	security   *network.SecurityDetails
	mixed      bool // the browser flagged it as mixed content
	pageIx     int
	id         network.RequestID
	body       string // the POST body as sent, capped at maxBody
	needBody   bool   // the browser has a body it did not include in the event
}

// maxBody caps the POST body kept per request for beacon decoding and the
// key-logging search.
const maxBody = 64 << 10

// maxEventsPerPage caps the behaviour reports kept per page.
const maxEventsPerPage = 5000

// pageEvent is one behaviour report with the page it arrived on.
type pageEvent struct {
	ev     behaviour.Event
	pageIx int
}

// cookieWrite is one attempt to set a cookie, by header or by script.
type cookieWrite struct {
	line    string // the Set-Cookie value or the string assigned to document.cookie
	kind    string // result.SetByHeader or result.SetByScript
	url     string // the response URL or the script URL
	host    string // the host of url
	docHost string // the host the cookie is set for when it has no Domain
	order   int
}

// collector records the events of one tab. The tab calls onEvent on its
// message loop, so onEvent only appends under the lock and never calls
// the browser.
type collector struct {
	mu        sync.Mutex
	cls       *party.Classifier
	maxPerPg  int
	recording bool
	page      string // the URL of the page being recorded
	pageIdx   int
	pageCount int // requests recorded for the current page

	exchanges []*exchange
	live      map[network.RequestID]*exchange // latest hop of each request id
	inflight  map[network.RequestID]bool
	lastNet   time.Time
	frames    map[cdp.FrameID]string
	docOf     map[cdp.FrameID]string // the last document each frame requested
	isolated  []isolatedFrame        // cross-site frames the browser ran out of process
	mainFrame cdp.FrameID
	dropped   int
	writes    []cookieWrite
	dialogs   chan page.EventJavascriptDialogOpening
	bindName  string
	docReqs   map[network.RequestID]bool // main-frame document loads
	docFail   chan string                // error texts of failed main-frame loads
	mixed     []result.MixedContent      // mixed content the browser reported as issues
	phase     string                     // the consent phase ("" for the landed phase)
	events    []pageEvent                // behaviour reports, in arrival order
	pageEvs   int                        // behaviour reports kept for the current page
	// orphanWrites are the Set-Cookie lines (indexes into writes) whose
	// extra-info event came before the request it belongs to.
	orphanWrites map[network.RequestID][]int

	// docPage is the index of the page the main frame shows, -1 while it
	// shows a document Candor loaded for itself (guard.go).
	docPage      int
	notes        map[int]*pageNotes     // dialogs, popups and downloads per page
	popups       chan struct{}          // a window.open happened: close the new window
	crashed      chan struct{}          // the tab's renderer crashed
	docResp      chan *network.Response // the main document finished loading: its response
	lastDocResp  *network.Response      // the response of the main document loading now
	lastDownload string                 // the URL of the last download refused
}

func newCollector(cls *party.Classifier, maxPerPage int, bindName string) *collector {
	if maxPerPage <= 0 {
		maxPerPage = defaultMaxRequests
	}
	return &collector{
		cls:      cls,
		maxPerPg: maxPerPage,
		live:     map[network.RequestID]*exchange{},
		inflight: map[network.RequestID]bool{},
		frames:   map[cdp.FrameID]string{},
		docOf:    map[cdp.FrameID]string{},
		dialogs:  make(chan page.EventJavascriptDialogOpening, 16),
		bindName: bindName,
		lastNet:  time.Now(),
		docReqs:  map[network.RequestID]bool{},
		docFail:  make(chan string, 1),
		docPage:  -1,
		popups:   make(chan struct{}, 1),
		crashed:  make(chan struct{}, 1),
		docResp:  make(chan *network.Response, 1),
	}
}

// startPage begins recording the requests of the page at pageURL.
func (c *collector) startPage(idx int, pageURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recording = true
	c.page = pageURL
	c.pageIdx = idx
	c.pageCount = 0
	c.pageEvs = 0
}

// resume records again after pause, for the same page.
func (c *collector) resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recording = true
}

// count returns how many request hops were recorded so far.
func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.exchanges)
}

// clearDocFail forgets the failures and responses of earlier navigations.
func (c *collector) clearDocFail() {
	select {
	case <-c.docFail:
	default:
	}
	select {
	case <-c.docResp:
	default:
	}
	c.mu.Lock()
	c.lastDocResp = nil
	c.mu.Unlock()
}

// docResponse returns the response of the main document of the current
// navigation, or nil when none came yet.
func (c *collector) docResponse() *network.Response {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastDocResp
}

// ownsFrame says whether id is a frame of the scan's tab; the caller
// holds c.mu.
func (c *collector) ownsFrame(id cdp.FrameID) bool {
	if id == c.mainFrame {
		return true
	}
	_, ok := c.frames[id]
	return ok
}

// signal wakes whoever waits on ch without ever blocking the event loop.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// setMainFrame names the tab's top-level frame.
func (c *collector) setMainFrame(id cdp.FrameID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mainFrame = id
}

// pause stops recording (Candor's own probes are not the site's doing).
func (c *collector) pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recording = false
}

// quietFor returns how long no request has been in flight (0 while one is).
func (c *collector) quietFor() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.inflight) > 0 {
		return 0
	}
	return time.Since(c.lastNet)
}

func (c *collector) onEvent(ev any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		c.note(noteDialog, dialogNote(ev))
		select {
		case c.dialogs <- *ev:
		default:
		}
	case *page.EventWindowOpen:
		c.note(notePopup, ev.URL)
		signal(c.popups)
	case *inspector.EventTargetCrashed:
		signal(c.crashed)
	case *target.EventAttachedToTarget:
		if ev.TargetInfo != nil && ev.TargetInfo.Type == "iframe" && len(c.isolated) < maxIsolatedFrames {
			c.isolated = append(c.isolated, isolatedFrame{id: cdp.FrameID(ev.TargetInfo.TargetID), url: ev.TargetInfo.URL, page: c.page})
		}
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument && ev.FrameID != "" && ev.FrameID == c.mainFrame {
			c.docReqs[ev.RequestID] = true
		}
		c.onRequest(ev)
	case *network.EventResponseReceived:
		if c.docReqs[ev.RequestID] && ev.Response != nil {
			c.lastDocResp = ev.Response
		}
		if x := c.live[ev.RequestID]; x != nil && ev.Response != nil {
			c.fillResponse(x, ev.Response)
			x.req.ResourceType = string(ev.Type)
		}
	case *network.EventLoadingFinished:
		if c.docReqs[ev.RequestID] && c.lastDocResp != nil {
			select { // only the latest counts
			case <-c.docResp:
			default:
			}
			c.docResp <- c.lastDocResp
		}
		delete(c.docReqs, ev.RequestID)
		if x := c.live[ev.RequestID]; x != nil {
			x.done = true
			x.req.DurationMS = round1((float64(ev.Timestamp) - x.startTS) * 1000)
		}
		c.settle(ev.RequestID)
	case *network.EventLoadingFailed:
		if c.docReqs[ev.RequestID] && !ev.Canceled {
			select {
			case c.docFail <- ev.ErrorText:
			default:
			}
		}
		delete(c.docReqs, ev.RequestID)
		if x := c.live[ev.RequestID]; x != nil {
			x.done = true
			x.req.Failed = ev.ErrorText
			if ev.BlockedReason != "" {
				x.req.Blocked = true
				x.req.Failed = strings.TrimSpace(ev.ErrorText + " (" + string(ev.BlockedReason) + ")")
			}
			x.req.DurationMS = round1((float64(ev.Timestamp) - x.startTS) * 1000)
		}
		c.settle(ev.RequestID)
	case *network.EventResponseReceivedExtraInfo:
		c.onExtraInfo(ev)
	case *network.EventWebSocketCreated:
		c.record(ev.RequestID, ev.URL, "GET", "WebSocket", ev.Initiator, "", time.Now(), 0, nil)
	case *network.EventWebSocketHandshakeResponseReceived:
		if x := c.live[ev.RequestID]; x != nil && ev.Response != nil {
			x.req.Status = int(ev.Response.Status)
			x.statusText = ev.Response.StatusText
			x.resHeaders = flatHeaders(ev.Response.Headers)
		}
	case *page.EventFrameNavigated:
		if ev.Frame != nil {
			c.frames[ev.Frame.ID] = ev.Frame.URL
			if ev.Frame.ParentID == "" && ev.Type == page.NavigationTypeNavigation {
				c.mainFrame = ev.Frame.ID
			}
			if ev.Frame.ParentID == "" {
				c.docPage = -1
				if c.recording {
					c.docPage = c.pageIdx
				}
			}
		}
	case *audits.EventIssueAdded:
		if ev.Issue == nil || ev.Issue.Details == nil || ev.Issue.Details.MixedContentIssueDetails == nil || !c.recording {
			return
		}
		d := ev.Issue.Details.MixedContentIssueDetails
		c.mixed = append(c.mixed, result.MixedContent{
			URL:          d.InsecureURL,
			ResourceType: string(d.ResourceType),
			Page:         c.page,
			Blocked:      d.ResolutionStatus == audits.MixedContentResolutionStatusMixedContentBlocked,
		})
	case *runtime.EventBindingCalled:
		switch ev.Name {
		case c.bindName:
			c.onScriptCookie(ev.Payload)
		case behaviour.BindingName:
			c.onBehaviour(ev.Payload)
		}
	}
}

func (c *collector) settle(id network.RequestID) {
	if c.inflight[id] {
		delete(c.inflight, id)
		c.lastNet = time.Now()
	}
}

func (c *collector) onRequest(ev *network.EventRequestWillBeSent) {
	if ev.Request == nil {
		return
	}
	var chain []string
	if prev := c.live[ev.RequestID]; prev != nil && ev.RedirectResponse != nil {
		// The previous hop ends here with a redirect.
		c.fillResponse(prev, ev.RedirectResponse)
		prev.done = true
		prev.req.DurationMS = round1((float64(ev.Timestamp) - prev.startTS) * 1000)
		chain = append(append([]string{}, prev.req.RedirectedFrom...), prev.req.URL)
	}
	wall := time.Now()
	if ev.WallTime > 0 {
		wall = time.UnixMicro(int64(float64(ev.WallTime) * 1e6))
	}
	typ := string(ev.Type)
	if typ == "" {
		typ = "Other"
	}
	if typ != "WebSocket" && typ != "EventSource" {
		// Network activity counts for quiet even when it is not recorded.
		c.inflight[ev.RequestID] = true
		c.lastNet = time.Now()
	}
	x := c.record(ev.RequestID, ev.Request.URL, ev.Request.Method, typ, ev.Initiator, ev.FrameID, wall, float64(ev.Timestamp), chain)
	if x == nil {
		return
	}
	if idx, ok := c.orphanWrites[ev.RequestID]; ok {
		delete(c.orphanWrites, ev.RequestID)
		for _, i := range idx {
			w := &c.writes[i]
			w.url, w.host, w.docHost = ev.Request.URL, hostOf(ev.Request.URL), hostOf(ev.Request.URL)
		}
	}
	x.reqHeaders = flatHeaders(ev.Request.Headers)
	var body strings.Builder
	for _, e := range ev.Request.PostDataEntries {
		if e != nil {
			x.postSize += len(e.Bytes)
			if body.Len()+len(e.Bytes) <= maxBody {
				body.Write(e.Bytes)
			}
		}
	}
	x.body = body.String()
	x.needBody = ev.Request.HasPostData && len(ev.Request.PostDataEntries) == 0
	if mt := ev.Request.MixedContentType; mt == security.MixedContentTypeBlockable || mt == security.MixedContentTypeOptionallyBlockable {
		x.mixed = true
	}
}

// record adds a request hop when recording; it returns nil otherwise.
func (c *collector) record(id network.RequestID, rawURL, method, typ string, init *network.Initiator, frame cdp.FrameID, wall time.Time, ts float64, chain []string) *exchange {
	if !c.recording {
		delete(c.live, id)
		return nil
	}
	if c.pageCount >= c.maxPerPg {
		c.dropped++
		delete(c.live, id)
		return nil
	}
	c.pageCount++
	host := hostOf(rawURL)
	frameURL := c.frames[frame]
	if typ == "Document" {
		frameURL = rawURL // the frame is loading this document
		c.docOf[frame] = rawURL
	}
	x := &exchange{
		req: result.Request{
			URL:            rawURL,
			Host:           host,
			Site:           party.Site(host),
			Party:          c.cls.Of(host),
			ResourceType:   typ,
			Method:         method,
			Initiator:      initiatorOf(init),
			Page:           c.page,
			FrameURL:       frameURL,
			RedirectedFrom: chain,
			Phase:          c.phase,
		},
		started: wall,
		startTS: ts,
		pageIx:  c.pageIdx,
		id:      id,
	}
	c.exchanges = append(c.exchanges, x)
	c.live[id] = x
	return x
}

func (c *collector) fillResponse(x *exchange, r *network.Response) {
	x.req.Status = int(r.Status)
	x.req.RemoteIP = r.RemoteIPAddress
	x.req.MimeType = r.MimeType
	x.statusText = r.StatusText
	x.protocol = r.Protocol
	x.encoded = r.EncodedDataLength
	x.timing = r.Timing
	x.resHeaders = flatHeaders(r.Headers)
	if r.SecurityDetails != nil {
		x.security = r.SecurityDetails
	}
}

// onExtraInfo keeps the Set-Cookie lines the browser accepted.
func (c *collector) onExtraInfo(ev *network.EventResponseReceivedExtraInfo) {
	raw, _ := headerValue(ev.Headers, "set-cookie")
	if raw == "" {
		return
	}
	blocked := map[string]bool{}
	for _, b := range ev.BlockedCookies {
		if b != nil {
			blocked[b.CookieLine] = true
		}
	}
	u := ""
	if x := c.live[ev.RequestID]; x != nil {
		u = x.req.URL
	}
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || blocked[line] {
			continue
		}
		if u == "" {
			// The extra info can arrive before the request event: name
			// the response when it does.
			if c.orphanWrites == nil {
				c.orphanWrites = map[network.RequestID][]int{}
			}
			c.orphanWrites[ev.RequestID] = append(c.orphanWrites[ev.RequestID], len(c.writes))
		}
		c.writes = append(c.writes, cookieWrite{line: line, kind: result.SetByHeader, url: u, host: hostOf(u), docHost: hostOf(u), order: len(c.writes)})
	}
}

// instrumentURL is the source URL of Candor's behaviour instrumentation,
// whose wrappers sit on the stack of the calls they watch.
const instrumentURL = "candor-instrument.js"

// initiatorOf names what caused a request: the script for script-initiated
// requests, the document for parser-initiated ones. Candor's own
// instrumentation is skipped.
func initiatorOf(in *network.Initiator) string {
	if in == nil {
		return ""
	}
	for st := in.Stack; st != nil; st = st.Parent {
		for _, f := range st.CallFrames {
			if f != nil && f.URL != "" && !strings.HasSuffix(f.URL, instrumentURL) {
				return f.URL
			}
		}
	}
	return in.URL
}

func flatHeaders(h network.Headers) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, v := range h {
		if s, ok := v.(string); ok {
			out[strings.ToLower(k)] = s
		}
	}
	return out
}

func headerValue(h network.Headers, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, ok := v.(string)
			return s, ok
		}
	}
	return "", false
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func round1(ms float64) float64 {
	if ms < 0 {
		return 0
	}
	return float64(int64(ms*10+0.5)) / 10
}

func parseURL(raw string) (*url.URL, error) { return url.Parse(raw) }

// onBehaviour keeps one report of the behaviour instrumentation while
// recording; the caller holds c.mu. The frame is the document the script
// ran in, which the report names itself.
func (c *collector) onBehaviour(payload string) {
	if !c.recording || c.pageEvs >= maxEventsPerPage {
		return
	}
	ev, err := behaviour.ParseEvent(payload, "")
	if err != nil {
		return
	}
	c.pageEvs++
	c.events = append(c.events, pageEvent{ev: ev, pageIx: c.pageIdx})
}
