package checks

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/classify"
	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
)

// Options are the lookups and settings judgement uses.
type Options struct {
	// Entities resolves hosts to organisations for requests the result
	// left unlabelled; nil loads the embedded data.
	Entities *entities.DB
	// Cookies resolves cookie and storage-key purposes the result left
	// unlabelled; nil uses the built-in table only.
	Cookies *cookies.DB
	// Now is the reference time for certificate expiry; zero uses the
	// result's StartedAt. Judgement never reads the clock itself.
	Now time.Time
}

// Input is a result prepared for judgement: the result plus lookups
// computed once (who is behind each request, what each cookie is for,
// what the policy discloses). Checks only read it.
type Input struct {
	Result *result.Result
	Now    time.Time

	ents *entities.DB
	cls  *party.Classifier
	host string // the scanned site's host
	// https says the main document was fetched over https.
	https bool

	reqs       []reqInfo
	cookies    []cookieInfo
	storage    []storageInfo
	behaviours []behaviourInfo

	disclosures     []result.Claim  // discloses-third-party claims, any scope
	disclosedCookie map[string]bool // names in discloses-cookie claims
	discloseMemo    map[string]*result.Claim
	pagesLoaded     int
	hygiene         map[string]obsResult // Observatory test name -> result
}

// reqInfo is what is known about one request.
type reqInfo struct {
	req      *result.Request
	ent      entities.Entity
	known    bool // ent was found
	third    bool
	inFrame  bool            // made inside a third-party iframe, not by the page itself
	frameOrg string          // the organisation (or site) of that iframe
	frameEnt entities.Entity // the iframe's entity, when frameKnown
	// frameKnown says frameEnt was found.
	frameKnown bool
	phase      string // the consent phase, PhaseLanded for an unlabelled one
}

// cookieInfo is what is known about one cookie.
type cookieInfo struct {
	c       *result.Cookie
	purpose string
	ent     entities.Entity
	known   bool
	third   bool
	phase   string
}

// storageInfo is what is known about one storage key.
type storageInfo struct {
	s       *result.StorageItem
	purpose string
	ent     entities.Entity
	known   bool
	third   bool
	phase   string
}

// behaviourInfo is what is known about one behaviour: the organisation
// behind the calling script (or receiving host).
type behaviourInfo struct {
	b     *result.Behaviour
	ent   entities.Entity
	known bool
	third bool
	phase string
}

// NewInput prepares r for judgement.
func NewInput(r *result.Result, opts Options) (*Input, error) {
	if r == nil {
		return nil, fmt.Errorf("judge: no result")
	}
	ents := opts.Entities
	if ents == nil {
		var err error
		if ents, err = entities.Load(); err != nil {
			return nil, fmt.Errorf("judge: %w", err)
		}
	}
	cdb := opts.Cookies
	if cdb == nil {
		cdb = cookies.New()
	}
	in := &Input{
		Result:          r,
		Now:             opts.Now,
		ents:            ents,
		disclosedCookie: map[string]bool{},
		discloseMemo:    map[string]*result.Claim{},
	}
	if in.Now.IsZero() {
		in.Now = r.StartedAt
	}
	main := r.FinalURL
	if main == "" {
		main = r.Target
	}
	if u, err := url.Parse(main); err == nil {
		in.host = u.Hostname()
		in.https = u.Scheme == "https"
	}
	in.cls = party.NewClassifier(in.host, r.Options.FirstParty...)
	for _, p := range r.Pages {
		if phaseName(p.Phase) != PhaseLanded {
			continue // the other phases load the landing page again
		}
		if p.Error == "" && (p.Status == 0 || p.Status < 400) {
			in.pagesLoaded++
		}
	}
	for _, c := range r.Policy.Claims {
		switch c.Kind {
		case KindDisclosesThirdParty:
			in.disclosures = append(in.disclosures, c)
		case KindDisclosesCookie:
			if s := strings.TrimSpace(c.Subject); s != "" {
				in.disclosedCookie[s] = true
			}
		}
	}
	dbs := classify.Databases{Entities: ents, Cookies: cdb}
	in.reqs = make([]reqInfo, len(r.Requests))
	for i := range r.Requests {
		in.reqs[i] = in.requestInfo(&r.Requests[i])
	}
	in.cookies = make([]cookieInfo, len(r.Cookies))
	for i := range r.Cookies {
		c := &r.Cookies[i]
		ci := cookieInfo{c: c, purpose: c.Purpose, third: c.Party == result.ThirdParty, phase: phaseName(c.Phase)}
		org := c.Org
		if ci.purpose == "" || org == "" {
			p, o := classify.CookiePurpose(*c, dbs)
			if ci.purpose == "" {
				ci.purpose = p
			}
			if org == "" {
				org = o
			}
		}
		ci.ent, ci.known = in.entityNamed(org)
		in.cookies[i] = ci
	}
	in.storage = make([]storageInfo, len(r.Storage))
	for i := range r.Storage {
		s := &r.Storage[i]
		info := classify.StoragePurpose(*s, dbs)
		si := storageInfo{s: s, purpose: info.Purpose, third: s.Party == result.ThirdParty, phase: phaseName(s.Phase)}
		si.ent, si.known = in.entityNamed(info.Org)
		in.storage[i] = si
	}
	in.behaviours = make([]behaviourInfo, len(r.Behaviours))
	for i := range r.Behaviours {
		in.behaviours[i] = in.behaviourInfo(&r.Behaviours[i])
	}
	in.memoDisclosures()
	in.hygiene = observatory(in)
	return in, nil
}

func (in *Input) requestInfo(q *result.Request) reqInfo {
	ri := reqInfo{req: q, phase: phaseName(q.Phase)}
	if q.Org != "" {
		ri.ent, ri.known = in.entityNamed(q.Org)
		if q.Category != "" {
			ri.ent.Category = q.Category
		}
	} else {
		ri.ent, ri.known = in.ents.Lookup(q.Host)
	}
	switch q.Party {
	case result.ThirdParty:
		ri.third = true
	case result.FirstParty:
	default:
		ri.third = q.Host != "" && !in.cls.SameSite(q.Host)
	}
	if q.FrameURL != "" && !(q.ResourceType == "Document" && q.URL == q.FrameURL) {
		if fu, err := url.Parse(q.FrameURL); err == nil && fu.Hostname() != "" && !in.cls.SameSite(fu.Hostname()) {
			ri.inFrame = true
			if e, ok := in.ents.Lookup(fu.Hostname()); ok {
				ri.frameOrg, ri.frameEnt, ri.frameKnown = e.Name, e, true
			} else {
				ri.frameOrg = party.Site(fu.Hostname())
			}
		}
	}
	return ri
}

// entityNamed resolves an organisation name from a label to its entity,
// keeping the name when the data does not know it.
func (in *Input) entityNamed(name string) (entities.Entity, bool) {
	if name == "" {
		return entities.Entity{}, false
	}
	if e, ok := in.ents.ByName(name); ok {
		return e, true
	}
	return entities.Entity{Name: name}, true
}

// disclosedBy returns the discloses-third-party claim that names entity e,
// or nil.
func (in *Input) disclosedBy(e entities.Entity) *result.Claim {
	if c, ok := in.discloseMemo[e.Name+"\x00"+e.Company]; ok {
		return c
	}
	return in.findDisclosure(e)
}

func (in *Input) findDisclosure(e entities.Entity) *result.Claim {
	for i := range in.disclosures {
		if entities.Matches(in.disclosures[i].Subject, e) {
			return &in.disclosures[i]
		}
	}
	return nil
}

// memoDisclosures answers disclosedBy once per organisation seen, so
// checks only read the Input.
func (in *Input) memoDisclosures() {
	add := func(e entities.Entity, known bool) {
		key := e.Name + "\x00" + e.Company
		if _, done := in.discloseMemo[key]; !done && known {
			in.discloseMemo[key] = in.findDisclosure(e)
		}
	}
	for _, ri := range in.reqs {
		add(ri.ent, ri.known)
		add(ri.frameEnt, ri.frameKnown)
	}
	for _, ci := range in.cookies {
		add(ci.ent, ci.known)
	}
	for _, si := range in.storage {
		add(si.ent, si.known)
	}
	for _, bi := range in.behaviours {
		add(bi.ent, bi.known)
	}
}

// behaviourInfo resolves the organisation behind a behaviour from its Org
// label or its host, and its party.
func (in *Input) behaviourInfo(b *result.Behaviour) behaviourInfo {
	bi := behaviourInfo{b: b, phase: phaseName(b.Phase)}
	host := b.Host
	if host == "" {
		host = hostOfURL(b.Script)
	}
	switch {
	case b.Org != "":
		bi.ent, bi.known = in.entityNamed(b.Org)
	case host != "":
		bi.ent, bi.known = in.ents.Lookup(host)
	}
	switch b.Party {
	case result.ThirdParty:
		bi.third = true
	case result.FirstParty:
	default:
		bi.third = host != "" && !in.cls.SameSite(host)
	}
	return bi
}

// hostOfURL returns the host of a URL, "" when it has none.
func hostOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// cookieDisclosed reports whether a discloses-cookie claim names the cookie.
func (in *Input) cookieDisclosed(name string) bool {
	if in.disclosedCookie[name] {
		return true
	}
	for n := range in.disclosedCookie {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// scanned says whether any page loaded, so that "nothing seen" means
// something.
func (in *Input) scanned() bool { return in.pagesLoaded > 0 }

// pagesPhrase is "the 3 pages scanned" for messages.
func (in *Input) pagesPhrase() string {
	if in.pagesLoaded == 1 {
		return "the 1 page scanned"
	}
	return fmt.Sprintf("the %d pages scanned", in.pagesLoaded)
}

// inDisclosedFrame says a request was made inside the iframe of an embed
// the policy discloses: the embed's own doing, covered by its disclosure.
func (in *Input) inDisclosedFrame(ri reqInfo) bool {
	return ri.inFrame && ri.frameKnown && in.disclosedBy(ri.frameEnt) != nil
}

// isolatedFrames lists the cross-site frames the browser ran out of the
// page's process (errors of stage "frames"), whose activity the scan could
// not record.
func (in *Input) isolatedFrames() []string {
	var out []string
	for _, e := range in.Result.Errors {
		if e.Stage == "frames" {
			out = append(out, e.URL)
		}
	}
	return out
}
