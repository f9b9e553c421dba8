package audit

import (
	"context"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// What the scan does about pages that fight back: dialogs are dismissed,
// windows the page opens are closed, downloads are refused, and a crashed
// renderer ends the work on its page. Each is noted on the page it came
// from (result.Page.Dialogs, Popups, Downloads).

// Caps on what is noted per page, so that a page opening dialogs or
// windows in a loop cannot grow the result without bound.
const (
	maxNotesPerPage = 20
	maxNoteRunes    = 200
)

// popupSweeps are the delays after a window.open at which the scan looks
// for the new window to close it: the target appears a little after the
// event.
var popupSweeps = []time.Duration{0, 100 * time.Millisecond, 400 * time.Millisecond, time.Second}

// pageNotes are the hostile acts of one page.
type pageNotes struct {
	dialogs, popups, downloads []string
}

// The kinds of note.
const (
	noteDialog = iota
	notePopup
	noteDownload
)

// note records one hostile act on the page shown in the main frame; the
// caller holds c.mu. Acts while Candor itself drives the tab (docPage < 0)
// are not the site's pages and are not noted.
func (c *collector) note(kind int, text string) {
	if c.docPage < 0 {
		return
	}
	if c.notes == nil {
		c.notes = map[int]*pageNotes{}
	}
	n := c.notes[c.docPage]
	if n == nil {
		n = &pageNotes{}
		c.notes[c.docPage] = n
	}
	list := &n.dialogs
	switch kind {
	case notePopup:
		list = &n.popups
	case noteDownload:
		list = &n.downloads
	}
	if len(*list) < maxNotesPerPage {
		*list = append(*list, oneLine(text, maxNoteRunes))
	}
}

// dialogNote is a dialog as result.Page.Dialogs holds it: "type: message",
// or the type alone when the message is empty (beforeunload).
func dialogNote(ev *page.EventJavascriptDialogOpening) string {
	if strings.TrimSpace(ev.Message) == "" {
		return string(ev.Type)
	}
	return string(ev.Type) + ": " + ev.Message
}

// oneLine turns page-supplied text into one line of at most n runes:
// control characters (line breaks, escape sequences) become spaces.
func oneLine(s string, n int) string {
	var b strings.Builder
	runes := 0
	for _, r := range s {
		if runes == n {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			r = ' '
		}
		b.WriteRune(r)
		runes++
	}
	return strings.TrimSpace(b.String())
}

// attachNotes copies the notes of each page into the result's pages; the
// pages of s.res are the collector's pages in order. The caller holds
// s.col.mu.
func (s *scan) attachNotes() {
	for i := range s.res.Pages {
		n := s.col.notes[i]
		if n == nil {
			continue
		}
		p := &s.res.Pages[i]
		p.Dialogs = append([]string(nil), n.dialogs...)
		p.Popups = append([]string(nil), n.popups...)
		p.Downloads = append([]string(nil), n.downloads...)
	}
}

// guard runs beside the scan until ctx ends: it dismisses every dialog,
// closes every window the page opens and notes every download the
// browser refused. Nothing a page does can then stall the tab.
func (s *scan) guard(ctx context.Context) {
	go s.noteDownloads(ctx)
	go s.closePopupsOnOpen(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-s.col.dialogs:
			s.log.Debug("dismissed a dialog", "type", ev.Type, "url", ev.URL)
			// beforeunload is let through, so that the page can be left;
			// alert, confirm and prompt are answered with "cancel".
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: ev.Type == page.DialogTypeBeforeunload})
		}
	}
}

// closePopupsOnOpen closes new windows each time the page opens one.
func (s *scan) closePopupsOnOpen(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.col.popups:
			s.closePopups(ctx)
		}
	}
}

// closePopups closes the windows of the scan's browser context other
// than the scan's own tab, looking again a few times: a window appears a
// little after the page asked for it.
func (s *scan) closePopups(ctx context.Context) {
	own := target.ID(chromedp.FromContext(ctx).Target.TargetID)
	start := time.Now()
	for _, at := range popupSweeps {
		if !sleep(ctx, time.Until(start.Add(at))) {
			return
		}
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			return
		}
		for _, ti := range infos {
			if ti.BrowserContextID != s.browserContextID || ti.TargetID == own || ti.Type != "page" {
				continue
			}
			s.log.Debug("closed a window the page opened", "url", ti.URL)
			_, _ = chromedp.CallBrowser(ctx, target.CloseTarget, target.CloseTargetParams{TargetID: ti.TargetID})
		}
	}
}

// noteDownloads notes the downloads that frames of the scan's tab began;
// the browser context refuses them (setup).
func (s *scan) noteDownloads(ctx context.Context) {
	for ev, err := range chromedp.BrowserEvents(ctx, browser.DownloadWillBegin) {
		if err != nil {
			return
		}
		s.col.mu.Lock()
		if s.col.ownsFrame(ev.FrameID) {
			s.col.note(noteDownload, ev.URL)
			s.col.lastDownload = ev.URL
		}
		s.col.mu.Unlock()
	}
}

// watchCrash returns a context for the work on one page that ends when the
// renderer of the scan's tab crashes, a func that reports whether it did,
// and a func to call when the page is done.
func (s *scan) watchCrash(parent context.Context) (context.Context, func() bool, func()) {
	ctx, cancel := context.WithCancel(parent)
	// A crash before this page is not this page's.
	select {
	case <-s.col.crashed:
	default:
	}
	var crashed atomic.Bool
	go func() {
		select {
		case <-s.col.crashed:
			crashed.Store(true)
			s.log.Warn("the browser tab crashed")
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, crashed.Load, cancel
}

// crashCause is the error of a page whose renderer crashed.
const crashCause = "the page crashed the browser tab (renderer crash); what was recorded before the crash is kept"
