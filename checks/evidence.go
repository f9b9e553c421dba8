package checks

import (
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The kinds of Evidence this package writes.
const (
	EvRequest     = "request"
	EvCookie      = "cookie"
	EvStorage     = "storage"
	EvHeader      = "header"
	EvTLS         = "tls"
	EvPage        = "page"
	EvPolicy      = "policy"
	EvObservatory = "observatory" // Name: the Observatory result, Value: its score modifier
)

func requestEvidence(ri reqInfo, detail string) result.Evidence {
	q := ri.req
	d := q.ResourceType
	if ri.known && ri.ent.Category != "" {
		d += ", " + ri.ent.Category
	}
	if ri.inFrame {
		d += ", inside an iframe of " + ri.frameOrg
	}
	if q.Failed != "" {
		d += ", failed: " + q.Failed
	} else if q.Blocked {
		d += ", blocked"
	}
	if q.Tracking {
		d += ", matched the filter list"
	}
	if ri.phase != PhaseLanded && !strings.Contains(detail, phaseNote(ri.phase)) {
		d += ", " + phaseNote(ri.phase)
	}
	if detail != "" {
		d += "; " + detail
	}
	return result.Evidence{Kind: EvRequest, URL: q.URL, Host: q.Host, Org: orgLabel(ri), Page: q.Page, Detail: strings.TrimPrefix(d, ", ")}
}

func orgLabel(ri reqInfo) string {
	if ri.known {
		return ri.ent.Name
	}
	return ""
}

func cookieEvidence(ci cookieInfo, detail string) result.Evidence {
	c := ci.c
	party := "first-party"
	if ci.third {
		party = "third-party"
	}
	d := fmt.Sprintf("%s, purpose %s", party, ci.purpose)
	if ci.phase != PhaseLanded && !strings.Contains(detail, phaseNote(ci.phase)) {
		d += ", " + phaseNote(ci.phase)
	}
	if detail != "" {
		d += "; " + detail
	}
	setBy := c.SetBy
	if setBy.Kind == "" {
		setBy.Kind = result.SetByUnknown
	}
	ev := result.Evidence{Kind: EvCookie, Name: c.Name, Domain: c.Domain, Page: c.Page, SetBy: &setBy, Detail: d}
	if ci.known {
		ev.Org = ci.ent.Name
	}
	return ev
}

func storageEvidence(si storageInfo, detail string) result.Evidence {
	s := si.s
	d := fmt.Sprintf("%sStorage, purpose %s", s.Kind, si.purpose)
	if si.phase != PhaseLanded && !strings.Contains(detail, phaseNote(si.phase)) {
		d += ", " + phaseNote(si.phase)
	}
	if detail != "" {
		d += "; " + detail
	}
	ev := result.Evidence{Kind: EvStorage, Name: s.Key, URL: s.Origin, Page: s.Page, Detail: d}
	if si.known {
		ev.Org = si.ent.Name
	}
	return ev
}

func headerEvidence(name, value, detail string) result.Evidence {
	return result.Evidence{Kind: EvHeader, Name: name, Value: value, Detail: detail}
}

// evidenceList collects evidence without repeating the same observation:
// one request per host and resource type, one cookie per name and domain,
// one storage key per origin. Repeats are counted into the kept item's
// detail, so a finding over 5,000 requests stays readable.
type evidenceList struct {
	items       []result.Evidence
	count       []int
	index       map[string]int
	reqIndex    map[reqKey]int
	cookieIndex map[cookieKey]int
}

func (l *evidenceList) add(key string, ev result.Evidence) {
	if l.seen(key) {
		return
	}
	l.put(key, ev)
}

// seen counts a repeat of key and reports whether it was already listed,
// so callers build evidence only for new observations.
func (l *evidenceList) seen(key string) bool {
	if i, ok := l.index[key]; ok {
		l.count[i]++
		return true
	}
	return false
}

func (l *evidenceList) put(key string, ev result.Evidence) {
	if l.index == nil {
		l.index = map[string]int{}
	}
	l.index[key] = len(l.items)
	l.items = append(l.items, ev)
	l.count = append(l.count, 1)
}

// reqKey groups requests by host, resource type and detail.
type reqKey struct{ host, typ, detail string }

func (l *evidenceList) request(ri reqInfo, detail string) {
	k := reqKey{ri.req.Host, ri.req.ResourceType, detail}
	if i, ok := l.reqIndex[k]; ok {
		l.count[i]++
		return
	}
	if l.reqIndex == nil {
		l.reqIndex = map[reqKey]int{}
	}
	l.reqIndex[k] = len(l.items)
	l.items = append(l.items, requestEvidence(ri, detail))
	l.count = append(l.count, 1)
}

// cookieKey groups cookies by name and domain.
type cookieKey struct{ name, domain string }

func (l *evidenceList) cookie(ci cookieInfo, detail string) {
	k := cookieKey{ci.c.Name, ci.c.Domain}
	if i, ok := l.cookieIndex[k]; ok {
		l.count[i]++
		return
	}
	if l.cookieIndex == nil {
		l.cookieIndex = map[cookieKey]int{}
	}
	l.cookieIndex[k] = len(l.items)
	l.items = append(l.items, cookieEvidence(ci, detail))
	l.count = append(l.count, 1)
}

func (l *evidenceList) storage(si storageInfo, detail string) {
	key := "s\x00" + si.s.Origin + "\x00" + si.s.Key
	if !l.seen(key) {
		l.put(key, storageEvidence(si, detail))
	}
}

func (l *evidenceList) empty() bool { return len(l.items) == 0 }

func (l *evidenceList) list() []result.Evidence {
	out := make([]result.Evidence, len(l.items))
	for i, ev := range l.items {
		if n := l.count[i]; n > 1 {
			what := "times"
			if ev.Kind == EvRequest {
				what = "requests like it"
			}
			ev.Detail += fmt.Sprintf(" (seen %d %s)", n, what)
		}
		out[i] = ev
	}
	return out
}

// names lists the distinct Org (or Host, Name) values of the evidence for
// a message, at most max of them.
func (l *evidenceList) names(max int) string {
	var out []string
	seen := map[string]bool{}
	for _, ev := range l.items {
		var n string
		switch ev.Kind {
		case EvCookie, EvStorage:
			n = ev.Name
		case EvBehaviour:
			n = ev.Name + " by " + firstNonEmpty(ev.Org, ev.Host, ev.URL)
		case EvRequest:
			n = ev.Org
			if n == "" {
				n = ev.Host
			}
			if n == "" {
				n = ev.URL
			}
		}
		if n == "" {
			n = ev.Detail
		}
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	if len(out) > max {
		return strings.Join(out[:max], ", ") + fmt.Sprintf(" and %d more", len(out)-max)
	}
	return strings.Join(out, ", ")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
