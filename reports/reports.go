// Package reports renders a Candor result for people and pipelines: a
// terminal table, a Markdown document an auditor hands over, the JSON
// result itself and SARIF 2.1.0 for code scanning. Writers only read the
// result; everything taken from the scanned site is treated as hostile and
// made inert for the output it goes to (see escape.go).
package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// Writer renders one result in one format.
type Writer interface {
	Write(w io.Writer, r *result.Result) error
}

// Options change how a writer renders.
type Options struct {
	// Color turns on ANSI colour in the table format; the caller decides
	// (a terminal, no NO_COLOR). Other formats ignore it.
	Color bool
	// Width is the terminal width the table format wraps to; 0 means 120.
	Width int
	// Notes are lines Candor adds above the report, such as how many
	// findings a baseline or an ignore file hid.
	Notes []string
}

// The format names.
const (
	FormatTable    = "table"
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
	FormatSARIF    = "sarif"
)

// Formats lists the format names New accepts.
func Formats() []string {
	return []string{FormatTable, FormatMarkdown, FormatJSON, FormatSARIF}
}

// New returns the writer for format ("md" is accepted for markdown).
func New(format string, opts Options) (Writer, error) {
	switch strings.ToLower(format) {
	case FormatTable:
		return tableWriter{opts: opts}, nil
	case FormatMarkdown, "md":
		return markdownWriter{opts: opts}, nil
	case FormatJSON:
		return jsonWriter{}, nil
	case FormatSARIF:
		return sarifWriter{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// Write renders r in format to w; it is New followed by Writer.Write.
func Write(w io.Writer, format string, r *result.Result, opts Options) error {
	wr, err := New(format, opts)
	if err != nil {
		return err
	}
	if err := wr.Write(w, r); err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}
