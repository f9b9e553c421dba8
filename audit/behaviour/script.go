// Package behaviour watches what page scripts do that can follow a person
// without a cookie — canvas, font, WebGL and audio fingerprinting, session
// recording, key logging — and decodes tracking beacons.
//
// The browser side is an injected script (Script) that reports raw facts
// through a CDP binding (BindingName); ParseEvent turns one report into an
// Event and Analyze applies the research thresholds, so the judgement is a
// pure function that tests can drive without a browser.
package behaviour

import (
	"context"
	_ "embed" // the instrumentation script
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// BindingName is the name of the Runtime binding the injected script calls
// with one JSON payload per observation. Install it with Runtime.addBinding
// before the script runs; read it from runtime.EventBindingCalled whose Name
// equals BindingName and whose Payload goes to ParseEvent.
const BindingName = "__candorBehaviour"

//go:embed instrument.js
var script string

// Script returns the instrumentation source, to be installed with
// Page.addScriptToEvaluateOnNewDocument (main world, runImmediately) in every
// page and out-of-process iframe target.
func Script() string { return script }

// Install adds the binding and the instrumentation to the target of ctx: the
// page itself, or an out-of-process iframe target reached through a context
// made with chromedp.WithTargetID. Call it before navigating; frames that
// exist already are instrumented at once (runImmediately), later documents
// before their first script.
func Install(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: BindingName}); err != nil {
			return fmt.Errorf("add binding %s: %w", BindingName, err)
		}
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source:         script,
			RunImmediately: new(true),
		}); err != nil {
			return fmt.Errorf("add behaviour script: %w", err)
		}
		return nil
	}))
}
