package cli

import (
	"context"

	"github.com/candor-audit/candor/internal/demo"
	"github.com/spf13/cobra"
)

// DemoOptions are the options of `candor demo`.
type DemoOptions struct {
	browserFlags
	scanFlags
}

const demoLong = `Demo scans Candor's built-in demo shop, Acme Outdoor, served on loopback
with the third parties it loads under their real host names (a Google tag,
a Meta pixel, Plausible, Cloudflare's CDN, Cloudinary images). Its privacy
policy makes promises the site breaks. Nothing leaves the machine: the
browser resolves only the demo's names, to 127.0.0.1.`

const demoExample = `  candor demo
  candor demo -f json -o demo.json
  candor demo --browser /usr/bin/chromium --screenshot demo.png`

func newDemoCmd(f *Factory) *cobra.Command {
	o := &DemoOptions{}
	cmd := &cobra.Command{
		Use:     "demo",
		Short:   "Scan the built-in demo site on loopback (no internet needed)",
		Long:    demoLong,
		Example: demoExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := applyConfig(cmd, f, &o.Gate); err != nil {
				return err
			}
			return runDemo(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Browser, "browser", "", "Chromium to run (default: $CANDOR_BROWSER, then chromium, chromium-browser, google-chrome, google-chrome-stable on PATH)")
	addScanFlags(cmd, &o.scanFlags)
	// The demo shows broken claims on purpose; it gates only when asked.
	failOn := cmd.Flags().Lookup("fail-on")
	failOn.DefValue = "none"
	_ = failOn.Value.Set("none")
	return cmd
}

func runDemo(ctx context.Context, f *Factory, o *DemoOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	site, err := demo.Start()
	if err != nil {
		return err
	}
	defer site.Close()
	// The demo's certificate is made at start, so the browser must accept
	// it; the result records insecure: true.
	// The demo's hosts resolve only inside the browser: no TLS probe.
	o.Judge.TLSProbe = false
	j, err := newJudge(o.Judge)
	if err != nil {
		return err
	}
	br, err := launch(ctx, f, o.browserFlags, site.ResolverRules(), true)
	if err != nil {
		return err
	}
	defer br.Close()
	f.Logger.Info("scanning the demo site", "url", demo.URL)
	r, err := br.Scan(ctx, demo.URL, o.auditOptions(f, ""))
	return finishScan(ctx, f, &o.scanFlags, j, r, err)
}
