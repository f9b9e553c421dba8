// Package policy reads a privacy policy (HTML, Markdown or plain text, in
// any common encoding) into claims: precise promises, each with the
// sentence that makes it, its section, its byte offset in the extracted
// text and the rule that found it. It is pure Go and needs no browser; the
// browser engine hands it the rendered HTML of a policy page.
package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/candor-audit/candor/internal/result"
)

// MaxBytes is the largest policy Read accepts. Real policies are well under
// 1 MB of text; a bigger input is almost certainly the wrong file.
const MaxBytes = 16 << 20

// Errors Read returns for input it cannot read; each is wrapped with the
// source's name.
var (
	ErrEmpty    = errors.New("the policy is empty")
	ErrTooLarge = fmt.Errorf("the policy is larger than %d MB, the limit for a policy", MaxBytes>>20)
	ErrPDF      = errors.New("PDF policies are not supported yet: save the policy as HTML or text and read that")
	ErrBinary   = errors.New("the input is a binary file, not HTML, Markdown or text")
)

// Source is one policy to read.
type Source struct {
	Name        string // file path or URL, for messages
	URL         string // where the policy was found; recorded in the result
	Data        []byte
	ContentType string // may be empty: the content is sniffed
}

// Read extracts the text of src and reads its claims. A policy in a
// language Candor does not read is returned with Language set, no claims
// and a warning saying so.
func Read(ctx context.Context, src Source) (result.Policy, error) {
	name := src.Name
	if name == "" {
		name = src.URL
	}
	if name == "" {
		name = "policy"
	}
	fail := func(err error) (result.Policy, error) {
		return result.Policy{}, fmt.Errorf("read policy %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if len(src.Data) > MaxBytes {
		return fail(ErrTooLarge)
	}
	if len(strings.TrimSpace(string(src.Data))) == 0 {
		return fail(ErrEmpty)
	}
	data, contentType, enc := src.Data, src.ContentType, ""
	if isUTF16(data) {
		// UTF-16 is full of NUL bytes that look binary: decode it first
		text, name, err := toUTF8(data, "", false)
		if err != nil {
			return fail(err)
		}
		data, contentType, enc = []byte(text), "", name
	}
	f := sniffFormat(data, contentType)
	switch f {
	case formatPDF:
		return fail(ErrPDF)
	case formatBinary:
		return fail(ErrBinary)
	}
	text, name2, err := toUTF8(data, contentType, f == formatHTML)
	if err != nil {
		return fail(err)
	}
	if enc == "" {
		enc = name2
	}
	if f != formatHTML && replacementShare(text) > 0.05 {
		return fail(ErrBinary)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	var doc document
	switch f {
	case formatHTML:
		doc = htmlDocument(text, src.URL)
	default:
		doc = textDocument(text, f == formatMarkdown)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	p := readDocument(ctx, doc, "")
	p.URL = src.URL
	if enc != "utf-8" {
		p.Warnings = append(p.Warnings, fmt.Sprintf("read as %s and converted to UTF-8", enc))
	}
	if strings.TrimSpace(doc.text) == "" {
		p.Warnings = append(p.Warnings, fmt.Sprintf("no text found in the %s", f))
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	return p, nil
}

// isUTF16 reports whether data starts with a UTF-16 byte order mark or
// has the NUL pattern of UTF-16 text.
func isUTF16(data []byte) bool {
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		return true
	}
	e, _ := utf16Guess(data)
	return e != nil
}

// readDocument segments doc and reads its claims. docScope overrides the
// scope the document presents itself with when not empty.
func readDocument(ctx context.Context, doc document, docScope string) result.Policy {
	p := result.Policy{Title: doc.title, Chars: utf8.RuneCountInString(doc.text), Claims: []result.Claim{}}
	if p.Title == "" {
		for _, b := range doc.blocks {
			if b.heading {
				p.Title = doc.text[b.start:b.end]
				break
			}
		}
	}
	lang := detectLanguage(doc.text)
	if lang == "" && doc.lang != "" {
		lang = doc.lang
	}
	p.Language = lang
	switch {
	case lang == "" && strings.TrimSpace(doc.text) != "":
		p.Warnings = append(p.Warnings, "could not tell the language of the policy; read it as English")
		lang = "en"
	case lang != "" && !supportedLanguages[lang]:
		p.Warnings = append(p.Warnings, fmt.Sprintf("the policy is in a language Candor does not read yet (%s): no claims were read (supported: English, German)", lang))
		return p
	}
	if docScope == "" {
		docScope = documentScope(doc.text)
	}
	sents := segment(doc)
	if ctx.Err() != nil {
		return p
	}
	p.Claims = readClaims(doc, sents, lang, docScope)
	if len(p.Claims) == 0 && len(sents) > 0 {
		p.Warnings = append(p.Warnings, "no claims found in the policy")
	}
	return p
}

// readPassage reads one passage of plain text, with its section heading as
// context and the document scope given, as the corpus test does.
func readPassage(ctx context.Context, text, section, docScope string) result.Policy {
	var b docBuilder
	if section != "" {
		b.add(section, true)
	}
	d := textDocument(text, false)
	for _, blk := range d.blocks {
		b.add(d.text[blk.start:blk.end], blk.heading && section == "")
	}
	return readDocument(ctx, b.done(), docScope)
}

// replacementShare is the share of U+FFFD among the runes of s.
func replacementShare(s string) float64 {
	if s == "" {
		return 0
	}
	n, bad := 0, 0
	for _, r := range s {
		n++
		if r == utf8.RuneError {
			bad++
		}
	}
	return float64(bad) / float64(n)
}
