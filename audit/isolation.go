package audit

import (
	"errors"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
)

// A browser that isolates sites runs each cross-site iframe in a process of
// its own, whose requests, storage and scripts the tab's DevTools session
// does not see. Candor's own browser keeps them in the page's process; a
// remote browser may not. The scan then says so, frame by frame, instead of
// leaving the frame's activity out silently.

// maxIsolatedFrames caps the frames recorded per scan.
const maxIsolatedFrames = 20

// isolatedFrame is a cross-site iframe the browser ran out of process.
type isolatedFrame struct {
	id   cdp.FrameID // the frame's target ID, which is its frame ID
	url  string      // as the browser first reported it; often empty
	page string      // the page it was on
}

// noteIsolatedFrames adds an error entry for every cross-site frame the
// browser ran out of process. The caller holds s.col.mu.
func (s *scan) noteIsolatedFrames() {
	for _, f := range s.col.isolated {
		u := s.col.frames[f.id]
		if u == "" {
			u = s.col.docOf[f.id]
		}
		if u == "" {
			u = f.url
		}
		if u == "" {
			u = "a cross-site frame"
		}
		s.res.AddError("frames", u, errors.New(isolatedFrameMessage(f.page)))
	}
}

func isolatedFrameMessage(page string) string {
	return fmt.Sprintf("the browser ran this cross-site frame (on %s) in a process of its own (site isolation), so its requests, storage and scripts were not recorded; "+
		"start the browser with --disable-site-isolation-trials --disable-features=SitePerProcess,IsolateOrigins (see docs/scaling.md)", page)
}
