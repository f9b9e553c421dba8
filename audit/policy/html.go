package policy

import (
	"bytes"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLNodes bounds the work readability may do on one page.
const maxHTMLNodes = 200000

// htmlDocument extracts the main content of an HTML page into blocks,
// keeping headings. It prefers readability's article; when that fails or
// finds much less text than the page's body without navigation, header,
// footer and asides, the cleaned body is used instead (policies often sit
// in several sibling sections that readability would cut).
func htmlDocument(src string, pageURL string) document {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return textDocument(src, false)
	}
	gq := goquery.NewDocumentFromNode(root)
	title := collapseSpace(gq.Find("title").First().Text())
	if text, ok := plainTextPage(gq); ok {
		// A text/plain or Markdown file as a browser renders it: one <pre>.
		// Read its lines as the file they are.
		doc := textDocument(text, sniffFormat([]byte(text), "text/plain") == formatMarkdown)
		doc.title = title
		return doc
	}

	body := cloneTree(root)
	bq := goquery.NewDocumentFromNode(body)
	bq.Find("script,style,noscript,template,svg,nav,header,footer,aside,form,button,select,iframe,dialog,[role=navigation],[role=banner],[role=contentinfo],[aria-hidden=true],[hidden]").Remove()
	cleaned := walkBlocks(body)
	if main := bq.Find("main,[role=main],article").First(); main.Length() > 0 {
		if md := walkBlocks(main.Get(0)); len(md.text)*2 > len(cleaned.text) {
			cleaned = md
		}
	}

	var doc document
	if countNodes(root, maxHTMLNodes) < maxHTMLNodes {
		u, _ := url.Parse(pageURL)
		parser := readability.NewParser()
		parser.DisableJSONLD = true
		if art, err := parser.ParseDocument(cloneTree(root), u); err == nil && art.Node != nil {
			doc = walkBlocks(art.Node)
			if t := art.Title(); t != "" && title == "" {
				title = t
			}
		}
	}
	if len(doc.text)*10 < len(cleaned.text)*7 {
		doc = cleaned
	}
	if title == "" {
		title = collapseSpace(gq.Find("h1").First().Text())
	}
	doc.title = title
	if l, ok := gq.Find("html").First().Attr("lang"); ok {
		l = strings.ToLower(strings.TrimSpace(l))
		if i := strings.IndexAny(l, "-_"); i > 0 {
			l = l[:i]
		}
		doc.lang = l
	}
	return doc
}

// cloneTree deep-copies n so a library that mutates its input leaves the
// original alone.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneTree(ch))
	}
	return c
}

func countNodes(n *html.Node, limit int) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && count < limit; c = c.NextSibling {
			count++
			walk(c)
		}
	}
	walk(n)
	return count
}

// blockTags start a new block; their text is gathered into it.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Caption: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Details: true, atom.Summary: true,
	atom.Body: true, atom.Html: true, atom.Header: true, atom.Footer: true, atom.Nav: true, atom.Aside: true,
	atom.Hr: true, atom.Form: true, atom.Fieldset: true,
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Head: true, atom.Iframe: true, atom.Object: true, atom.Canvas: true, atom.Select: true, atom.Button: true,
	atom.Math: true,
}

// walkBlocks turns a DOM subtree into blocks: headings (h1–h6, role=heading,
// and a paragraph that is only bold text), paragraphs, list items, and table
// rows whose cells are joined by " | ".
func walkBlocks(n *html.Node) document {
	var b docBuilder
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			b.add(cur.String(), false)
			cur.Reset()
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
		case html.DocumentNode:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			return
		default:
			return
		}
		if skipTags[n.DataAtom] {
			return
		}
		switch {
		case isHeadingElem(n):
			flush()
			b.add(textOf(n), true)
			return
		case n.DataAtom == atom.Tr:
			flush()
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					if t := collapseSpace(textOf(c)); t != "" {
						cells = append(cells, t)
					}
				}
			}
			b.add(strings.Join(cells, " | "), false)
			return
		case n.DataAtom == atom.Br:
			flush()
			return
		case n.DataAtom == atom.Img:
			return
		case n.DataAtom == atom.P && boldOnly(n):
			flush()
			b.add(textOf(n), true)
			return
		}
		block := blockTags[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return b.done()
}

func isHeadingElem(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "role" && a.Val == "heading" {
			return true
		}
	}
	return false
}

// boldOnly reports whether a paragraph holds nothing but one short bold
// run, which pages use as a heading.
func boldOnly(p *html.Node) bool {
	var bold *html.Node
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && (c.DataAtom == atom.Strong || c.DataAtom == atom.B) && bold == nil:
			bold = c
		default:
			return false
		}
	}
	if bold == nil {
		return false
	}
	t := collapseSpace(textOf(bold))
	return t != "" && len(t) <= 100 && !endsSentence(t)
}

// textOf is the text content of n without script and style.
func textOf(n *html.Node) string {
	var buf bytes.Buffer
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			buf.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode {
			if skipTags[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br || blockTags[n.DataAtom] || n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				buf.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return buf.String()
}

// plainTextPage returns the text of a page whose body is a single <pre>
// and nothing else: how Chromium shows a text/plain document.
func plainTextPage(gq *goquery.Document) (string, bool) {
	body := gq.Find("body").First()
	if body.Length() == 0 || body.Children().Length() != 1 || goquery.NodeName(body.Children().First()) != "pre" {
		return "", false
	}
	pre := body.Children().First()
	if strings.TrimSpace(body.Text()) != strings.TrimSpace(pre.Text()) {
		return "", false // text beside the <pre>: an ordinary page
	}
	return pre.Text(), true
}
