package consent

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const site = "https://www.news.example"

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		page string
		want *result.Banner
	}{
		{"onetrust with reject on the first layer", "/onetrust.html",
			&result.Banner{Platform: "onetrust", FoundBy: "markup", Language: "en", Accept: "Accept All Cookies", Reject: "Reject All"}},
		{"cross-site iframe (out of process)", "/iframe.html",
			&result.Banner{Platform: "sourcepoint", FoundBy: "markup", Frame: "https://cmp.consent-vendor.example/message.html", Language: "en", Accept: "Accept all", Reject: "Reject all"}},
		{"same-site iframe, German", "/same-origin-iframe.html",
			&result.Banner{Platform: "cookiebot", FoundBy: "markup", Frame: site + "/cookiebot.html", Language: "de", Accept: "Alle zulassen", Reject: "Ablehnen"}},
		{"platform in an open shadow root", "/usercentrics.html",
			&result.Banner{Platform: "usercentrics", FoundBy: "markup", InShadow: true, Language: "en", Accept: "Accept All", Reject: "Deny"}},
		{"generic banner in an open shadow root", "/shadow-generic.html",
			&result.Banner{Platform: "generic", FoundBy: "button-text", InShadow: true, Language: "fr", Accept: "Tout accepter", Reject: "Tout refuser"}},
		{"answered: hidden markup, a footer link", "/hidden-onetrust.html", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := open(t, site+tc.page)
			got, err := Find(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
				t.Errorf("Find = %+v\nwant   %+v", got, tc.want)
			}
		})
	}
}

func TestFindButtonTextLanguages(t *testing.T) {
	tests := []struct {
		lang, text, accept, reject string
		others                     []string
	}{
		{"en", "We use cookies to improve your experience.", "Accept all", "Reject all", []string{"Manage preferences"}},
		{"en", "This site uses cookies.", "Allow all cookies", "Use necessary cookies only", nil},
		{"de", "Wir verwenden Cookies und ähnliche Technologien.", "Alle akzeptieren", "Nur notwendige Cookies", []string{"Einstellungen"}},
		{"de", "Diese Website nutzt Cookies.", "Akzeptieren", "Alle ablehnen", nil},
		{"fr", "Ce site utilise des cookies.", "Accepter et fermer", "Continuer sans accepter", []string{"Personnaliser"}},
		{"es", "Utilizamos cookies propias y de terceros.", "Aceptar todo", "Rechazar todo", []string{"Configurar"}},
		{"it", "Questo sito utilizza cookie.", "Accetta tutto", "Rifiuta tutto", []string{"Personalizza"}},
		{"nl", "Wij gebruiken cookies.", "Alles accepteren", "Alles weigeren", []string{"Instellingen"}},
		{"nl", "Deze website gebruikt cookies.", "Akkoord", "Alleen noodzakelijke cookies", nil},
		{"en", "We use cookies. Please accept.", "Accept", "", []string{"Settings"}}, // no reject on the first layer
	}
	for _, tc := range tests {
		t.Run(tc.lang+" "+tc.accept, func(t *testing.T) {
			q := url.Values{"lang": {tc.lang}, "text": {tc.text}, "b": append(append([]string{}, tc.others...), tc.reject, tc.accept)}
			if tc.reject == "" {
				q["b"] = append(append([]string{}, tc.others...), tc.accept)
			}
			ctx := open(t, "http://www.shop.example/generic?"+q.Encode())
			got, err := Find(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := result.Banner{Platform: "generic", FoundBy: "button-text", Language: tc.lang, Accept: tc.accept, Reject: tc.reject}
			if got == nil || *got != want {
				t.Errorf("Find = %+v, want %+v", got, want)
			}
		})
	}
}

func TestClick(t *testing.T) {
	tests := []struct {
		name, page   string
		choice       Choice
		clicked      string
		cookie, want string
	}{
		{"onetrust reject", "/onetrust.html", Reject, "Reject All", "consent", "rejected"},
		{"onetrust accept", "/onetrust.html", Accept, "Accept All Cookies", "consent", "accepted"},
		{"out-of-process iframe accept", "/iframe.html", Accept, "Accept all", "consent", "accepted"},
		{"shadow root deny", "/usercentrics.html", Reject, "Deny", "uc", "denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := open(t, site+tc.page)
			if got := cookie(t, ctx, tc.cookie, 0); got != "" {
				t.Fatalf("cookie %s=%q before the click", tc.cookie, got)
			}
			clicked, err := Click(ctx, tc.choice)
			if err != nil {
				t.Fatal(err)
			}
			if clicked != tc.clicked {
				t.Errorf("clicked %q, want %q", clicked, tc.clicked)
			}
			if got := cookie(t, ctx, tc.cookie, 5*time.Second); got != tc.want {
				t.Errorf("cookie %s=%q after the click, want %q", tc.cookie, got, tc.want)
			}
		})
	}
}

func TestClickBannerAfterAnswerIsGone(t *testing.T) {
	ctx := open(t, site+"/onetrust.html")
	if _, err := Click(ctx, Reject); err != nil {
		t.Fatal(err)
	}
	if b, err := Find(ctx); err != nil || b != nil {
		t.Errorf("Find after the answer = %+v, %v; want no banner", b, err)
	}
}

func TestClickErrors(t *testing.T) {
	q := url.Values{"lang": {"en"}, "text": {"We use cookies."}, "b": {"Settings", "Accept"}}
	ctx := open(t, "http://www.shop.example/generic?"+q.Encode())
	if _, err := Click(ctx, Reject); !errors.Is(err, ErrNoButton) {
		t.Errorf("Click(Reject) without a reject button: %v, want ErrNoButton", err)
	}
	if got := cookie(t, ctx, "clicked", 0); got != "" {
		t.Errorf("a button was clicked: %q", got)
	}
	if clicked, err := Click(ctx, Accept); err != nil || clicked != "Accept" || cookie(t, ctx, "clicked", 5*time.Second) != "Accept" {
		t.Errorf("Click(Accept) = %q, %v", clicked, err)
	}

	plain := open(t, site+"/hidden-onetrust.html")
	if _, err := Click(plain, Accept); !errors.Is(err, ErrNoBanner) {
		t.Errorf("Click without a banner: %v, want ErrNoBanner", err)
	}
	if _, err := Click(plain, Choice(7)); err == nil || !strings.Contains(err.Error(), "unknown choice") {
		t.Errorf("Click(7): %v", err)
	}
}

func TestReadTCString(t *testing.T) {
	ctx := open(t, site+"/tcf.html")
	s, err := ReadTCString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s, "CQJq0AAQJq0AAAGABCENBLFgAP_gAAAAAAAAKhtX") {
		t.Errorf("TC string %q", s)
	}
	none := open(t, site+"/onetrust.html")
	if s, err := ReadTCString(none); err != nil || s != "" {
		t.Errorf("without __tcfapi: %q, %v", s, err)
	}
}

func TestGPCSignals(t *testing.T) {
	ctx := open(t, "about:blank")
	headers := network.Headers{}
	for k, v := range GPCHeaders() {
		headers[k] = v
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: GPCScript(), RunImmediately: new(true)}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/gpc.html")); err != nil {
		t.Fatal(err)
	}
	signal, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.signal`))
	if err != nil || signal != "true 1" {
		t.Errorf("page saw %q (%v), want \"true 1\"", signal, err)
	}
	echoed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/headers').then((r) => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || echoed != "sec-gpc=1 dnt=1" {
		t.Errorf("server saw %q (%v)", echoed, err)
	}
}
