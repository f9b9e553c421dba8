// Package classify fills in who stands behind each request and cookie of a
// result, and what each cookie is for, from the entity, cookie and
// optional filter-list databases. It only adds labels: it never removes
// or reorders observations.
package classify

import (
	"strings"

	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/filterlist"
	"github.com/candor-audit/candor/internal/result"
)

// Databases are the lookups Enrich uses. Entities and Cookies are needed;
// Filter is optional (nil: no request is marked as tracking by a list).
type Databases struct {
	Entities *entities.DB
	Cookies  *cookies.DB
	Filter   *filterlist.List
}

// Enrich sets Request.Org, Request.Category and Request.Tracking, and
// Cookie.Purpose and Cookie.Org, on r in place. Values already set are
// kept, so a saved result re-enriched keeps what it had.
func Enrich(r *result.Result, db Databases) {
	if r == nil {
		return
	}
	for i := range r.Requests {
		req := &r.Requests[i]
		if req.Org == "" {
			if e, ok := db.Entities.Lookup(req.Host); ok {
				req.Org, req.Category = e.Name, e.Category
			}
		}
		if !req.Tracking && db.Filter != nil && db.Filter.Match(req.URL) {
			req.Tracking = true
		}
	}
	for i := range r.Cookies {
		c := &r.Cookies[i]
		if c.Purpose != "" && c.Org != "" {
			continue
		}
		purpose, org := CookiePurpose(*c, db)
		if c.Purpose == "" {
			c.Purpose = purpose
		}
		if c.Org == "" {
			c.Org = org
		}
	}
}

// CookiePurpose says what cookie c is for and whose it is. The cookie
// tables decide the purpose by name; the organisation comes from the table
// or else from the entity serving the cookie's domain. A cookie on an
// advertising, analytics or session-recording organisation's own domain
// takes that purpose when no table knows its name (a cookie on
// doubleclick.net is an advertising cookie whatever it is called);
// otherwise an unknown name stays PurposeUnknown.
func CookiePurpose(c result.Cookie, db Databases) (purpose, org string) {
	domain := strings.TrimPrefix(c.Domain, ".")
	info, known := db.Cookies.Lookup(c.Name, domain)
	purpose, org = info.Purpose, info.Org
	if org != "" {
		if e, ok := db.Entities.ByName(org); ok {
			org = e.Name
		}
	}
	if e, ok := db.Entities.Lookup(domain); ok {
		if org == "" {
			org = e.Name
		}
		if !known {
			switch e.Category {
			case entities.Advertising:
				purpose = cookies.PurposeAdvertising
			case entities.Analytics:
				purpose = cookies.PurposeAnalytics
			case entities.SessionRecording:
				purpose = cookies.PurposeSessionRecording
			}
		}
	}
	if purpose == "" {
		purpose = cookies.PurposeUnknown
	}
	return purpose, org
}

// StoragePurpose says what a storage key is for, from the cookie tables
// (which also list well-known storage keys such as "_hjSessionUser").
func StoragePurpose(s result.StorageItem, db Databases) cookies.Info {
	host := s.Origin
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	host = strings.TrimSuffix(host, "/")
	info, _ := db.Cookies.Lookup(s.Key, host)
	return info
}
