package policy

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A policy served as text/plain reaches the reader as the browser renders
// it, one <pre> in a body; it must read exactly as the file itself.
func TestPlainTextPageReadsAsText(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		t.Fatalf("no seeds in %s (../shared must sit beside the repository)", seedsDir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		page := `<html><head><meta name="color-scheme" content="light dark"></head><body><pre style="word-wrap: break-word; white-space: pre-wrap;">` +
			html.EscapeString(string(data)) + `</pre></body></html>`
		fromText, err := Read(context.Background(), Source{Name: f, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		fromPage, err := Read(context.Background(), Source{Name: f, Data: []byte(page), ContentType: "text/html"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromText.Claims, fromPage.Claims) {
			t.Errorf("%s: the <pre> page reads %d claims, the file %d; first differences:\n page %+v\n file %+v",
				filepath.Base(f), len(fromPage.Claims), len(fromText.Claims), fromPage.Claims, fromText.Claims)
		}
	}
}
