package consent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// worldName names the isolated world the banner finder runs in: it shares
// the DOM with the page but none of its JavaScript, so page scripts can
// neither see nor disturb it.
const worldName = "candor-consent"

// frameAnswer is banner.js's answer in one frame.
type frameAnswer struct {
	found
	frameURL string
	main     bool // the page's main frame
}

// Find looks for a cookie banner in the page of ctx: its main frame, its
// same-process iframes (from the frame tree) and its out-of-process iframes
// (iframe targets whose parent is this page, attached for the call and
// detached after). A consent platform found by markup with a button wins
// over a generic banner, which wins over platform markup without buttons;
// among equals the main frame comes first. Banner.Frame is the iframe's URL,
// "" for the main frame. It returns nil and no error when there is none.
func Find(ctx context.Context) (*result.Banner, error) {
	answers, err := ask(ctx, "find")
	if err != nil {
		return nil, err
	}
	best := pick(answers)
	if best == nil {
		return nil, nil
	}
	frame := best.frameURL
	if best.main {
		frame = "" // Banner.Frame names an iframe only
	}
	return best.banner(frame), nil
}

// Click presses the first-layer button of choice on the banner Find would
// report and returns the button's text. It returns ErrNoBanner when there
// is no banner and ErrNoButton when the banner has no button for choice.
// The click is a DOM click (element.click()) from an isolated world; the
// caller waits for what follows (navigation, requests, cookies).
func Click(ctx context.Context, choice Choice) (clicked string, err error) {
	if choice != Accept && choice != Reject {
		return "", fmt.Errorf("click banner: unknown choice %d", int(choice))
	}
	answers, err := ask(ctx, "find")
	if err != nil {
		return "", err
	}
	best := pick(answers)
	if best == nil {
		return "", ErrNoBanner
	}
	want := best.Accept
	if choice == Reject {
		want = best.Reject
	}
	if want == "" {
		return "", fmt.Errorf("click %s on %s banner: %w", choice, best.Platform, ErrNoButton)
	}
	// Click in the frame that showed the banner, and only there.
	answer, err := askFrame(ctx, best.frameURL, best.main, choice.String())
	if err != nil {
		return "", err
	}
	if answer.Clicked == "" {
		return "", fmt.Errorf("click %s on %s banner: the button went away: %w", choice, best.Platform, ErrNoButton)
	}
	return answer.Clicked, nil
}

// pick returns the best banner: one found by markup with a button, then
// a generic one (which always has a button), then markup without buttons
// (such as a platform's container whose buttons live in an iframe that
// could not be read); within a rank, frame order (main frame first).
func pick(answers []frameAnswer) *frameAnswer {
	rank := func(a frameAnswer) int {
		switch {
		case !a.Found:
			return 0
		case a.FoundBy == "markup" && (a.Accept != "" || a.Reject != ""):
			return 3
		case a.FoundBy != "markup":
			return 2
		}
		return 1
	}
	var best *frameAnswer
	for i := range answers {
		if r := rank(answers[i]); r > 0 && (best == nil || r > rank(*best)) {
			best = &answers[i]
		}
	}
	return best
}

// frameRef is one frame of a target.
type frameRef struct {
	id   cdp.FrameID
	url  string
	main bool
}

// ask runs banner.js with action in every frame of the page, the
// out-of-process ones included, main frame first.
func ask(ctx context.Context, action string) ([]frameAnswer, error) {
	var out []frameAnswer
	err := eachFrame(ctx, func(tctx context.Context, f frameRef) error {
		a, err := evalIn(tctx, f, action)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// askFrame runs banner.js with action in the first frame whose URL and
// main-ness match.
func askFrame(ctx context.Context, frameURL string, main bool, action string) (found, error) {
	var res found
	done := errors.New("done")
	err := eachFrame(ctx, func(tctx context.Context, f frameRef) error {
		if f.main != main || f.url != frameURL {
			return nil
		}
		a, err := evalIn(tctx, f, action)
		if err != nil {
			return err
		}
		res = a.found
		return done
	})
	if err != nil && !errors.Is(err, done) {
		return found{}, err
	}
	return res, nil
}

// eachFrame calls fn for every frame of the page of ctx and then for the
// frames of each out-of-process iframe target below it (depth first). A
// frame that goes away while it is asked is skipped.
func eachFrame(ctx context.Context, fn func(context.Context, frameRef) error) error {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return fmt.Errorf("find banner: %w", chromedp.ErrInvalidContext)
	}
	return walkTarget(ctx, ctx, c.Target.TargetID, true, fn)
}

// walkTarget asks every frame of the target of tctx (id), then recurses into
// the out-of-process iframe targets whose parent it is. root is the caller's
// context, from which iframe targets are attached.
func walkTarget(root, tctx context.Context, id target.ID, isPage bool, fn func(context.Context, frameRef) error) error {
	tree, err := chromedp.Call(tctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("find banner: frame tree: %w", err)
	}
	var frames []frameRef
	var walk func(t *page.FrameTree, top bool)
	walk = func(t *page.FrameTree, top bool) {
		if t == nil || t.Frame == nil {
			return
		}
		frames = append(frames, frameRef{id: t.Frame.ID, url: t.Frame.URL + t.Frame.URLFragment, main: top && isPage})
		for _, ch := range t.ChildFrames {
			walk(ch, false)
		}
	}
	walk(tree.FrameTree, true)
	for _, f := range frames {
		if err := fn(tctx, f); err != nil {
			return err
		}
	}

	infos, err := chromedp.Targets(root)
	if err != nil {
		return fmt.Errorf("find banner: list targets: %w", err)
	}
	for _, info := range infos {
		if info.Type != "iframe" || info.ParentID != id {
			continue
		}
		if err := withTarget(root, info.TargetID, func(fctx context.Context) error {
			return walkTarget(root, fctx, info.TargetID, false, fn)
		}); err != nil {
			return err
		}
	}
	return nil
}

// withTarget attaches to an out-of-process iframe target for the length of
// fn, and detaches without closing it.
func withTarget(root context.Context, id target.ID, fn func(context.Context) error) error {
	fctx, cancel := chromedp.NewContext(root, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	defer cancel()
	if err := chromedp.Do(fctx); err != nil {
		return fmt.Errorf("find banner: attach iframe target %s: %w", id, err)
	}
	return fn(fctx)
}

// evalIn runs banner.js in an isolated world of one frame.
func evalIn(ctx context.Context, f frameRef, action string) (frameAnswer, error) {
	ans := frameAnswer{frameURL: f.url, main: f.main}
	w, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: f.id, WorldName: worldName})
	if err != nil {
		return ans, nil // the frame went away or cannot host a world (e.g. not yet committed)
	}
	ectx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := chromedp.Run(ectx, chromedp.Evaluate[found](expression(action), func(p *runtime.EvaluateParams) {
		p.ContextID = w.ExecutionContextID
	}))
	if err != nil {
		var exc *chromedp.ExceptionError
		if errors.As(err, &exc) {
			return ans, fmt.Errorf("banner script in frame %s: %w", f.url, err)
		}
		if ctx.Err() != nil {
			return ans, fmt.Errorf("find banner in frame %s: %w", f.url, ctx.Err())
		}
		return ans, nil // the context went away with a navigation
	}
	ans.found = res
	return ans, nil
}
