package targets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/candor-audit/candor/internal/party"
)

// maxLineBytes caps one line of a list file; a longer line is reported and
// skipped rather than read into memory.
const maxLineBytes = 16 << 10

// Warning is one input entry that was skipped, with where it came from.
type Warning struct {
	Source string // "argument", a file name, "stdin" or a sitemap URL
	Line   int    // 1-based line (or argument position); 0 when unknown
	Input  string // the entry as given, trimmed
	Err    error  // why it was skipped
}

// String renders the warning as "source:line: message".
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", w.Source, w.Line, w.Err)
	}
	return fmt.Sprintf("%s: %v", w.Source, w.Err)
}

// Set is an ordered list of normalised URLs without duplicates, plus the
// warnings for the entries that were refused. The zero value is empty and
// ready to use.
type Set struct {
	urls     []string
	seen     map[string]bool
	warnings []Warning
	dups     int
}

// Add normalises raw and appends it unless an equal URL is in the set
// already. A URL that does not normalise becomes a warning. It reports
// whether the URL was added.
func (s *Set) Add(source string, line int, raw string) bool {
	raw = strings.TrimSpace(raw)
	u, err := party.Normalize(raw)
	if err != nil {
		s.Warn(Warning{Source: source, Line: line, Input: raw, Err: err})
		return false
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[u] {
		s.dups++
		return false
	}
	s.seen[u] = true
	s.urls = append(s.urls, u)
	return true
}

// Warn records a warning.
func (s *Set) Warn(w Warning) { s.warnings = append(s.warnings, w) }

// URLs returns the URLs in first-seen order.
func (s *Set) URLs() []string { return s.urls }

// Warnings returns the refused entries in the order they were met.
func (s *Set) Warnings() []Warning { return s.warnings }

// Duplicates returns how many entries were dropped as duplicates.
func (s *Set) Duplicates() int { return s.dups }

// Len returns the number of URLs.
func (s *Set) Len() int { return len(s.urls) }

// ReadList adds the URLs of a list to s: one URL a line, blank lines and
// lines starting with '#' skipped, text after " #" on a line taken as a
// comment. source names the list in warnings. An error is returned only
// when the reader itself fails; bad lines are warnings.
func ReadList(s *Set, source string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 4096)
	for line := 1; ; line++ {
		text, tooLong, err := readLine(br)
		if tooLong {
			s.Warn(Warning{Source: source, Line: line, Err: fmt.Errorf("%w: line longer than %d bytes", party.ErrBadTarget, maxLineBytes)})
		} else if entry := listEntry(text); entry != "" {
			s.Add(source, line, entry)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: line %d: %w", source, line, err)
		}
	}
}

// listEntry strips comments and spaces from one line of a list; it returns
// "" for a line with no URL.
func listEntry(line string) string {
	line = strings.TrimPrefix(line, "\ufeff") // a byte order mark on line 1
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return ""
	}
	// A '#' after white space starts a comment; a '#' inside a URL is a
	// fragment, which normalisation drops anyway.
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, "\t#"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// readLine reads one line without its end of line. A line over
// maxLineBytes is consumed and reported as too long. err is io.EOF after
// the last line.
func readLine(br *bufio.Reader) (string, bool, error) {
	var b strings.Builder
	tooLong := false
	for {
		chunk, isPrefix, err := br.ReadLine()
		if !tooLong {
			if b.Len()+len(chunk) > maxLineBytes {
				tooLong = true
				b.Reset()
			} else {
				b.Write(chunk)
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) && (b.Len() > 0 || tooLong) {
				// The last line had no newline: hand it out, EOF comes next call.
				return b.String(), tooLong, nil
			}
			return b.String(), tooLong, err
		}
		if !isPrefix {
			return b.String(), tooLong, nil
		}
	}
}
