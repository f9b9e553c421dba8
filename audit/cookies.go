package audit

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// cookieHookJS runs in every frame before any page script. It wraps the
// document.cookie setter so each write is reported, with the URL of the
// script that made it, through a DevTools binding that it hides from the
// page. %s is the binding's name.
const cookieHookJS = `(() => {
  const name = %q;
  const send = globalThis[name];
  try { delete globalThis[name]; } catch (e) {}
  if (typeof send !== 'function') return;
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!desc || !desc.set) return;
  const urlRe = /(https?:\/\/[^\s()'"]+?):\d+:\d+/g;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, enumerable: desc.enumerable,
    get: desc.get,
    set: function (v) {
      let script = '';
      try {
        const stack = String(new Error().stack || '');
        let m; urlRe.lastIndex = 0;
        while ((m = urlRe.exec(stack)) !== null) { script = m[1]; break; }
      } catch (e) {}
      try { send(JSON.stringify({c: String(v).slice(0, 8192), s: script, d: String(location.href)})); } catch (e) {}
      return desc.set.call(this, v);
    },
  });
})();`

// scriptWrite is the payload of the document.cookie binding.
type scriptWrite struct {
	Cookie string `json:"c"`
	Script string `json:"s"`
	Doc    string `json:"d"`
}

// onScriptCookie records a document.cookie write; the caller holds c.mu.
func (c *collector) onScriptCookie(payload string) {
	var w scriptWrite
	if err := json.Unmarshal([]byte(payload), &w); err != nil || w.Cookie == "" {
		return
	}
	u := w.Script
	if u == "" {
		u = w.Doc // an inline script of the document
	}
	c.writes = append(c.writes, cookieWrite{line: w.Cookie, kind: result.SetByScript, url: u, host: hostOf(u), docHost: hostOf(w.Doc), order: len(c.writes)})
}

// setCookie is the part of a Set-Cookie line or document.cookie string
// that identifies a cookie.
type setCookie struct {
	Name   string
	Domain string // the Domain attribute without a leading dot, or ""
	Path   string
}

// parseSetCookie reads the name and the Domain and Path attributes of a
// Set-Cookie header value or a document.cookie assignment. ok is false for a
// line with no name=value pair.
func parseSetCookie(line string) (setCookie, bool) {
	parts := strings.Split(line, ";")
	nv := strings.TrimSpace(parts[0])
	name, _, hasEq := strings.Cut(nv, "=")
	name = strings.TrimSpace(name)
	if !hasEq {
		// A bare value is a cookie with an empty name.
		name = ""
	}
	if !hasEq && nv == "" {
		return setCookie{}, false
	}
	sc := setCookie{Name: name}
	for _, attr := range parts[1:] {
		k, v, _ := strings.Cut(attr, "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "domain":
			// Browsers drop one leading dot; a value of only dots names no domain.
			sc.Domain = strings.ToLower(strings.TrimLeft(strings.TrimSpace(v), "."))
		case "path":
			sc.Path = strings.TrimSpace(v)
		}
	}
	return sc, true
}

// setterFor finds who set the cookie: the last write whose name, domain and
// path match it.
func setterFor(ck *network.Cookie, writes []cookieWrite) result.SetBy {
	cdom := strings.ToLower(strings.TrimPrefix(ck.Domain, "."))
	hostOnly := !strings.HasPrefix(ck.Domain, ".")
	for i := len(writes) - 1; i >= 0; i-- {
		w := writes[i]
		sc, ok := parseSetCookie(w.line)
		if !ok || sc.Name != ck.Name {
			continue
		}
		if sc.Path != "" && sc.Path != ck.Path {
			continue
		}
		// A host-only cookie belongs to the response's host, or for a
		// script to the host of the document it ran in.
		setHost := w.docHost
		if sc.Domain != "" {
			if hostOnly || sc.Domain != cdom {
				continue
			}
		} else if !hostOnly || setHost != cdom {
			continue
		}
		return result.SetBy{Kind: w.kind, URL: w.url, Host: w.host}
	}
	return result.SetBy{Kind: result.SetByUnknown}
}

// cookieKey identifies a cookie in the jar.
func cookieKey(ck *network.Cookie) string {
	return ck.Name + "\x00" + ck.Domain + "\x00" + ck.Path
}

// harvestCookies reads every cookie of the scan's browser context and adds
// the ones not seen before to r, attributed to pageURL.
func (s *scan) harvestCookies(ctx context.Context, pageURL string) error {
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: s.browserContextID})
	if err != nil {
		return err
	}
	s.col.mu.Lock()
	writes := append([]cookieWrite(nil), s.col.writes...)
	s.col.mu.Unlock()
	cookies := append([]*network.Cookie(nil), res.Cookies...)
	sort.SliceStable(cookies, func(i, j int) bool { return cookieKey(cookies[i]) < cookieKey(cookies[j]) })
	for _, ck := range cookies {
		if ck == nil {
			continue
		}
		k := cookieKey(ck)
		if s.seenCookies[k] {
			// After a banner's answer, a cookie written again counts too.
			if s.writeMark < 0 || s.writeMark > len(writes) || s.rewritten[k] || setterFor(ck, writes[s.writeMark:]).Kind == result.SetByUnknown {
				continue
			}
			if s.rewritten == nil {
				s.rewritten = map[string]bool{}
			}
			s.rewritten[k] = true
		}
		s.seenCookies[k] = true
		s.res.Cookies = append(s.res.Cookies, toCookie(ck, s.cls, pageURL, setterFor(ck, writes)))
	}
	return nil
}

func toCookie(ck *network.Cookie, cls *party.Classifier, pageURL string, by result.SetBy) result.Cookie {
	c := result.Cookie{
		Name:     ck.Name,
		Domain:   ck.Domain,
		Path:     ck.Path,
		Party:    cls.Of(ck.Domain),
		Secure:   ck.Secure,
		HTTPOnly: ck.HTTPOnly,
		SameSite: string(ck.SameSite),
		Session:  ck.Session,
		Size:     int(ck.Size),
		SetBy:    by,
		Page:     pageURL,
	}
	if !ck.Session && ck.Expires > 0 {
		t := time.UnixMilli(int64(float64(ck.Expires) * 1000)).UTC()
		c.Expires = &t
	}
	return c
}

// browserContextOf returns the id of the browser context of a tab.
func browserContextOf(ctx context.Context) cdp.BrowserContextID {
	if c := chromedp.FromContext(ctx); c != nil {
		return c.BrowserContextID
	}
	return ""
}
