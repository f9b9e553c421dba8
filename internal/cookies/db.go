package cookies

import (
	"sort"
	"strings"
)

// DB answers what a cookie name is for. It is read-only after it is built
// and safe for concurrent use. The zero value knows nothing; use New.
type DB struct {
	tables []table // consulted in order: built-in first, then user data
}

// table indexes one list of entries.
type table struct {
	source   string
	exact    map[string][]entry
	prefixes []entry // longest first
}

func newTable(source string, entries []entry) table {
	t := table{source: source, exact: make(map[string][]entry, len(entries))}
	for _, e := range entries {
		if e.Prefix {
			t.prefixes = append(t.prefixes, e)
		} else {
			t.exact[e.Name] = append(t.exact[e.Name], e)
		}
	}
	sort.SliceStable(t.prefixes, func(i, j int) bool { return len(t.prefixes[i].Name) > len(t.prefixes[j].Name) })
	return t
}

// New returns a DB with the built-in table, followed by the extra tables
// (from ReadOpenCookieDB) in the order given.
func New(extra ...*Table) *DB {
	db := &DB{tables: []table{newTable(SourceBuiltin, builtin)}}
	for _, x := range extra {
		if x != nil {
			db.tables = append(db.tables, x.t)
		}
	}
	return db
}

// Table is a cookie table read from a file, to pass to New.
type Table struct {
	t table
	// Rows is the number of usable rows read.
	Rows int
}

// Lookup returns what the cookie called name on domain (a cookie domain or
// a host; may be empty) is for. Names compare case-sensitively, as
// browsers do. It returns PurposeUnknown and false when no table knows the
// name.
func (db *DB) Lookup(name, domain string) (Info, bool) {
	if db == nil || name == "" {
		return Info{Purpose: PurposeUnknown}, false
	}
	domain = strings.TrimPrefix(strings.ToLower(domain), ".")
	for _, t := range db.tables {
		if info, ok := t.lookup(name, domain); ok {
			return info, true
		}
	}
	return Info{Purpose: PurposeUnknown}, false
}

func (t table) lookup(name, domain string) (Info, bool) {
	if rows := applicable(t.exact[name], domain); len(rows) > 0 {
		return t.agree(rows), true
	}
	for _, e := range t.prefixes {
		if strings.HasPrefix(name, e.Name) && domainOK(e, domain) {
			return Info{Purpose: e.Purpose, Org: e.Org, Source: t.source}, true
		}
	}
	return Info{}, false
}

// agree merges rows for one name: when their purposes differ the name is
// ambiguous and its purpose unknown.
func (t table) agree(rows []entry) Info {
	info := Info{Purpose: rows[0].Purpose, Org: rows[0].Org, Source: t.source}
	for _, r := range rows[1:] {
		if r.Purpose != info.Purpose {
			return Info{Purpose: PurposeUnknown, Source: t.source}
		}
		if r.Org != info.Org {
			info.Org = ""
		}
	}
	return info
}

func applicable(rows []entry, domain string) []entry {
	var out []entry
	for _, r := range rows {
		if domainOK(r, domain) {
			out = append(out, r)
		}
	}
	return out
}

func domainOK(e entry, domain string) bool {
	if len(e.Domains) == 0 {
		return true
	}
	for _, d := range e.Domains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}
