package audit

import (
	"context"
	"fmt"
	"sort"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domstorage"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// maxStorageOrigins caps the frame origins read per page.
const maxStorageOrigins = 200

// harvestStorage reads the localStorage and sessionStorage keys of every
// origin that has a frame on the page (third-party frames included) and
// adds the ones not seen before.
func (s *scan) harvestStorage(ctx context.Context, pageURL string) error {
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("list frames: %w", err)
	}
	origins := map[string]bool{}
	var walk func(t *page.FrameTree)
	walk = func(t *page.FrameTree) {
		if t == nil || len(origins) >= maxStorageOrigins {
			return
		}
		if t.Frame != nil && (len(t.Frame.SecurityOrigin) > 4 && t.Frame.SecurityOrigin[:4] == "http") {
			origins[t.Frame.SecurityOrigin] = true
		}
		for _, c := range t.ChildFrames {
			walk(c)
		}
	}
	walk(tree.FrameTree)
	list := make([]string, 0, len(origins))
	for o := range origins {
		list = append(list, o)
	}
	sort.Strings(list)
	for _, origin := range list {
		for _, local := range []bool{true, false} {
			res, err := chromedp.Call(ctx, domstorage.GetDOMStorageItems, domstorage.GetDOMStorageItemsParams{StorageID: &domstorage.StorageID{SecurityOrigin: origin, IsLocalStorage: local}})
			if err != nil {
				return fmt.Errorf("read storage of %s: %w", origin, err)
			}
			kind := "session"
			if local {
				kind = "local"
			}
			items := res.Entries
			sort.Slice(items, func(i, j int) bool { return first(items[i]) < first(items[j]) })
			for _, it := range items {
				if len(it) < 1 {
					continue
				}
				key := origin + "\x00" + kind + "\x00" + it[0]
				if s.seenStorage[key] {
					continue
				}
				s.seenStorage[key] = true
				size := 0
				if len(it) > 1 {
					size = len([]rune(it[1]))
				}
				s.res.Storage = append(s.res.Storage, result.StorageItem{
					Origin: origin, Kind: kind, Key: it[0], Size: size,
					Party: s.cls.Of(hostOf(origin)), Page: pageURL,
				})
			}
		}
	}
	return nil
}

func first(it domstorage.Item) string {
	if len(it) == 0 {
		return ""
	}
	return it[0]
}
