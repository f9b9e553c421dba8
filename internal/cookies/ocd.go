package cookies

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ocdColumns is the header of an Open Cookie Database CSV.
var ocdColumns = []string{"ID", "Platform", "Category", "Cookie / Data Key name", "Domain",
	"Description", "Retention period", "Data Controller", "User Privacy & GDPR Rights Portals", "Wildcard match"}

// The column indexes used.
const (
	colPlatform = 1
	colCategory = 2
	colName     = 3
	colDomain   = 4
	colWildcard = 9
)

// minPrefix is the shortest wildcard name used as a prefix; shorter ones
// ("SR", "_s") would claim unrelated cookies such as "_session".
const minPrefix = 4

// ocdPurpose maps the database's categories to Candor's purposes.
var ocdPurpose = map[string]string{
	"necessary":       PurposeEssential,
	"security":        PurposeEssential,
	"functional":      PurposeFunctional,
	"personalization": PurposeFunctional,
	"preferences":     PurposeFunctional,
	"analytics":       PurposeAnalytics,
	"marketing":       PurposeMarketing,
}

// ReadOpenCookieDBFile reads an Open Cookie Database CSV from path.
func ReadOpenCookieDBFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open cookie database %s: %w", path, err)
	}
	defer f.Close()
	t, err := ReadOpenCookieDB(f)
	if err != nil {
		return nil, fmt.Errorf("cookie database %s: %w", path, err)
	}
	return t, nil
}

// ReadOpenCookieDB reads the Open Cookie Database CSV format (columns:
// ID, Platform, Category, name, Domain, Description, Retention period,
// Data Controller, privacy portal, Wildcard match; wildcard 1 = the name
// is a prefix). Rows with an unknown category or an empty name are
// skipped; a file with the wrong header is an error.
func ReadOpenCookieDB(r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(ocdColumns)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	for i, want := range ocdColumns {
		if !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")), want) {
			return nil, fmt.Errorf("column %d is %q, want %q: not an Open Cookie Database CSV", i+1, head[i], want)
		}
	}
	var entries []entry
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		name := strings.TrimSpace(rec[colName])
		purpose, ok := ocdPurpose[strings.ToLower(strings.TrimSpace(rec[colCategory]))]
		if name == "" || !ok {
			continue
		}
		prefix := strings.TrimSpace(rec[colWildcard]) == "1"
		if prefix && len(name) < minPrefix {
			continue
		}
		entries = append(entries, entry{
			Name:    name,
			Prefix:  prefix,
			Purpose: purpose,
			Org:     strings.TrimSpace(rec[colPlatform]),
			Domains: parseDomains(rec[colDomain]),
		})
	}
	return &Table{t: newTable(SourceOCD, entries), Rows: len(entries)}, nil
}

// parseDomains pulls host names out of the free-text Domain column, e.g.
// ".bing.com (3rd party) or .microsoft.com (3rd party)".
func parseDomains(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '(' || r == ')' || r == '/' || r == ';'
	}) {
		f = strings.Trim(f, ".*")
		if strings.Contains(f, ".") && !strings.ContainsAny(f, ":@") {
			out = append(out, f)
		}
	}
	return out
}
