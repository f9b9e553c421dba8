// Package entities says which organisation stands behind a host name and
// what it does. Its data is the third-party-web entity list (MIT, see
// THIRD_PARTY_WEB_LICENSE), generated into third_party_web.json by
// `go generate`, plus Candor's reviewed overrides in overrides.json.
package entities

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:generate go run ./gen -version 0.30.0 -out .

//go:embed third_party_web.json
var tpwData []byte

//go:embed overrides.json
var overridesData []byte

// Entity is an organisation (or one of its products) that serves hosts.
type Entity struct {
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"` // the owning company when it differs from Name
	Category string `json:"category"`          // one of Categories
	Homepage string `json:"homepage,omitempty"`
	// Cookieless marks an analytics service that, by its own design, sets
	// no cookie or storage identifier (Plausible, Fathom, …).
	Cookieless bool `json:"cookieless,omitempty"`
}

// Org is the name to group the entity under: its company when known.
func (e Entity) Org() string {
	if e.Company != "" {
		return e.Company
	}
	return e.Name
}

// DB finds entities by host or name. It is read-only after Load and safe
// for concurrent use.
type DB struct {
	version  string
	entities []Entity
	exact    map[string]int // host -> entity index
	wildcard map[string]int // domain (from "*.domain") -> entity index
	byName   map[string]int // normalised name -> entity index
}

// record is one entity in the data files.
type record struct {
	Name       string   `json:"name"`
	Rename     string   `json:"rename,omitempty"`
	Company    string   `json:"company,omitempty"`
	Category   string   `json:"category,omitempty"`
	Homepage   string   `json:"homepage,omitempty"`
	Cookieless bool     `json:"cookieless,omitempty"`
	Domains    []string `json:"domains,omitempty"`
}

type dataFile struct {
	Meta struct {
		Version string `json:"version"`
	} `json:"meta"`
	Entities []record `json:"entities"`
}

// Load builds the database from the embedded data and overrides.
func Load() (*DB, error) {
	return load(tpwData, overridesData)
}

func load(data, overrides []byte) (*DB, error) {
	var base, over dataFile
	if err := json.Unmarshal(data, &base); err != nil {
		return nil, fmt.Errorf("parse third-party-web data: %w", err)
	}
	if err := json.Unmarshal(overrides, &over); err != nil {
		return nil, fmt.Errorf("parse entity overrides: %w", err)
	}
	db := &DB{
		version:  base.Meta.Version,
		exact:    make(map[string]int, 4096),
		wildcard: make(map[string]int, 4096),
		byName:   make(map[string]int, len(base.Entities)),
	}
	for _, r := range base.Entities {
		db.add(r)
	}
	for _, r := range over.Entities {
		if err := db.override(r); err != nil {
			return nil, err
		}
	}
	return db, nil
}

func (db *DB) add(r record) {
	i := len(db.entities)
	db.entities = append(db.entities, Entity{Name: r.Name, Company: r.Company, Category: category(r.Category), Homepage: r.Homepage, Cookieless: r.Cookieless})
	db.byName[normalize(r.Name)] = i
	db.addDomains(i, r.Domains)
}

func (db *DB) addDomains(i int, domains []string) {
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if rest, ok := strings.CutPrefix(d, "*."); ok {
			db.wildcard[rest] = i
		} else if d != "" {
			db.exact[d] = i
		}
	}
}

func (db *DB) override(r record) error {
	i, ok := db.byName[normalize(r.Name)]
	if !ok {
		if r.Category == "" || len(r.Domains) == 0 {
			return fmt.Errorf("entity override %q: not in third-party-web, so it needs a category and domains", r.Name)
		}
		db.add(r)
		return nil
	}
	e := &db.entities[i]
	if r.Rename != "" {
		delete(db.byName, normalize(e.Name))
		e.Name = r.Rename
		db.byName[normalize(r.Rename)] = i
	}
	if r.Company != "" {
		e.Company = r.Company
	}
	if r.Category != "" {
		e.Category = category(r.Category)
	}
	if r.Homepage != "" {
		e.Homepage = r.Homepage
	}
	if r.Cookieless {
		e.Cookieless = true
	}
	db.addDomains(i, r.Domains)
	return nil
}

// Version is the third-party-web version the data came from.
func (db *DB) Version() string { return db.version }

// Len is the number of entities.
func (db *DB) Len() int { return len(db.entities) }

// Lookup returns the entity serving host (a host name, with or without a
// port). The longest matching domain wins: an exact entry matches only
// that host, a "*.example.com" entry matches example.com and every host
// under it.
func (db *DB) Lookup(host string) (Entity, bool) {
	if db == nil {
		return Entity{}, false
	}
	h := strings.TrimSuffix(strings.ToLower(stripPort(host)), ".")
	if h == "" {
		return Entity{}, false
	}
	if i, ok := db.exact[h]; ok {
		return db.entities[i], true
	}
	for d := h; d != ""; {
		if i, ok := db.wildcard[d]; ok {
			return db.entities[i], true
		}
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			break
		}
		d = d[dot+1:]
	}
	return Entity{}, false
}

// ByName returns the entity called name (ignoring case and punctuation, and
// after the alias table).
func (db *DB) ByName(name string) (Entity, bool) {
	if db == nil {
		return Entity{}, false
	}
	if i, ok := db.byName[normalize(name)]; ok {
		return db.entities[i], true
	}
	if c, ok := Canonical(name); ok {
		if i, ok := db.byName[normalize(c)]; ok {
			return db.entities[i], true
		}
	}
	return Entity{}, false
}

func stripPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if end := strings.IndexByte(host, ']'); end > 0 {
			return host[1:end]
		}
		return host
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.Count(host, ":") == 1 {
		return host[:i]
	}
	return host
}
