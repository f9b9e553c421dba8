package checks

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/checks.md from the registry")

const docsPath = "../docs/checks.md"

func TestDocsUpToDate(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile(docsPath, want, 0o644); err != nil {
			t.Fatalf("write %s: %v", docsPath, err)
		}
		return
	}
	got, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./checks -update)", docsPath, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./checks -update", docsPath)
	}
}

func TestDocsCoverRegistry(t *testing.T) {
	md := string(Markdown())
	for _, c := range All() {
		if !bytes.Contains([]byte(md), []byte("### "+c.ID+"\n")) {
			t.Errorf("docs lack a section for %s", c.ID)
		}
	}
	for _, k := range []string{KindNoTracking, KindEssentialCookiesOnly, KindEncryptsInTransit} {
		if !bytes.Contains([]byte(md), []byte("`"+k+"`")) {
			t.Errorf("docs lack claim kind %s", k)
		}
	}
}
