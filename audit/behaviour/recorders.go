package behaviour

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// recorder is one session-replay vendor: a request to Host (or a subdomain)
// whose path starts with PathPrefix marks the recorder.
type recorder struct {
	Vendor     string
	Host       string
	PathPrefix string
}

// recorders lists session-replay services by the hosts their recording
// script and data collection use.
var recorders = []recorder{
	{"Hotjar", "hotjar.com", ""},
	{"Hotjar", "hotjar.io", ""},
	{"FullStory", "fullstory.com", ""},
	{"Microsoft Clarity", "clarity.ms", ""},
	{"Smartlook", "smartlook.com", ""},
	{"Smartlook", "smartlook.cloud", ""},
	{"Mouseflow", "mouseflow.com", ""},
	{"LogRocket", "logrocket.io", ""},
	{"LogRocket", "logrocket.com", ""},
	{"LogRocket", "lr-ingest.io", ""},
	{"LogRocket", "lr-ingest.com", ""},
	{"LogRocket", "lr-in.com", ""},
	{"LogRocket", "lr-in-prod.com", ""},
	{"Yandex Metrica Webvisor", "mc.yandex.ru", "/webvisor/"},
	{"Yandex Metrica Webvisor", "mc.yandex.com", "/webvisor/"},
	{"Yandex Metrica Webvisor", "mc.yandex.by", "/webvisor/"},
	{"Yandex Metrica Webvisor", "mc.yandex.kz", "/webvisor/"},
	{"Yandex Metrica Webvisor", "mc.yandex.com.tr", "/webvisor/"},
	{"Yandex Metrica Webvisor", "mc.webvisor.org", ""},
	{"Yandex Metrica Webvisor", "mc.webvisor.com", ""},
	{"Lucky Orange", "luckyorange.com", ""},
	{"Lucky Orange", "luckyorange.net", ""},
	{"Inspectlet", "inspectlet.com", ""},
	{"Crazy Egg", "crazyegg.com", ""},
	{"Contentsquare", "contentsquare.net", ""},
	{"Contentsquare", "contentsquare.com", ""},
	{"Quantum Metric", "quantummetric.com", ""},
	{"Glassbox", "glassboxdigital.io", ""},
	{"Decibel", "decibelinsight.net", ""},
	{"SessionCam", "sessioncam.com", ""},
	{"ClickTale", "clicktale.net", ""},
	{"Zoho PageSense", "pagesense.io", ""},
}

// RecorderVendor returns the session-replay vendor a URL belongs to, or ""
// when it is none of the known ones.
func RecorderVendor(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, r := range recorders {
		if host != r.Host && !strings.HasSuffix(host, "."+r.Host) {
			continue
		}
		if r.PathPrefix != "" && !strings.HasPrefix(u.EscapedPath(), r.PathPrefix) {
			continue
		}
		return r.Vendor
	}
	return ""
}

// recordersByHost finds the known session recorders among the requests: one
// behaviour per vendor, page and phase, naming the vendor's script when one
// was loaded.
func recordersByHost(requests []result.Request) []result.Behaviour {
	var out []result.Behaviour
	at := map[string]int{}      // vendor, page, phase -> index in out
	hasScript := map[int]bool{} // index in out -> Script names a script request
	for _, r := range requests {
		vendor := RecorderVendor(r.URL)
		if vendor == "" {
			continue
		}
		isScript := r.ResourceType == "Script"
		key := vendor + "\x00" + r.Page + "\x00" + r.Phase
		i, ok := at[key]
		if !ok {
			at[key] = len(out)
			hasScript[len(out)] = isScript
			out = append(out, result.Behaviour{
				Kind: KindRecorder, Script: r.URL, Host: r.Host, Org: vendor,
				Page: r.Page, Frame: r.FrameURL, Phase: r.Phase,
				Detail: fmt.Sprintf("requests to %s, a %s session-recording host", r.Host, vendor),
			})
			continue
		}
		if isScript && !hasScript[i] {
			hasScript[i] = true
			out[i].Script, out[i].Host = r.URL, r.Host
		}
	}
	return out
}

// recordersByBehaviour finds scripts that act like a session recorder, by a
// strict rule: the same script (1) observes the whole document with a
// MutationObserver for child lists, attributes and character data in the
// subtree, (2) listens page-wide for pointer input (mousemove, pointermove,
// mousedown, click or scroll) and (3) for key input (keydown, keyup,
// keypress or input), and (4) sends at least two non-empty payloads.
func recordersByBehaviour(events []Event) []result.Behaviour {
	type signals struct {
		first       Event
		observer    bool
		mouse, keys bool
		sends       int
	}
	by := map[string]*signals{}
	var order []string
	for _, ev := range events {
		if ev.Script == "" {
			continue
		}
		key := ev.Script + "\x00" + ev.Frame
		s := by[key]
		if s == nil {
			s = &signals{first: ev}
			by[key] = s
			order = append(order, key)
		}
		switch ev.Kind {
		case EventDOMObserver:
			s.observer = true
		case EventListener:
			switch ev.EventType {
			case "mousemove", "pointermove", "mousedown", "click", "scroll":
				s.mouse = true
			case "keydown", "keyup", "keypress", "input":
				s.keys = true
			}
		case EventSend:
			if ev.Bytes > 0 {
				s.sends++
			}
		}
	}
	var out []result.Behaviour
	for _, key := range order {
		s := by[key]
		if !s.observer || !s.mouse || !s.keys || s.sends < minSends {
			continue
		}
		out = append(out, result.Behaviour{
			Kind: KindRecorder, Script: s.first.Script, Host: hostOf(s.first.Script),
			Org: RecorderVendor(s.first.Script), Page: s.first.Page, Frame: s.first.Frame,
			Detail: fmt.Sprintf("by behaviour: observes every DOM change, listens to mouse and keys page-wide, sent %d payloads", s.sends),
		})
	}
	return out
}
