package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtures are the hand-built results the golden files are rendered from.
var fixtures = []string{"basic", "hostile", "empty"}

func loadFixture(t testing.TB, name string) *result.Result {
	t.Helper()
	r, err := result.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// goldenExt is the file extension of each format's golden file.
var goldenExt = map[string]string{
	FormatTable:    "txt",
	FormatMarkdown: "md",
	FormatJSON:     "out.json",
	FormatSARIF:    "sarif",
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		for _, format := range Formats() {
			for _, color := range []bool{false, true} {
				if color && format != FormatTable {
					continue
				}
				name := fx + "." + goldenExt[format]
				if color {
					name = fx + ".color." + goldenExt[format]
				}
				t.Run(name, func(t *testing.T) {
					r := loadFixture(t, fx)
					var buf bytes.Buffer
					if err := Write(&buf, format, r, Options{Color: color}); err != nil {
						t.Fatalf("Write: %v", err)
					}
					path := filepath.Join("testdata", "golden", name)
					if *update {
						if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v (run go test ./reports -update)", err)
					}
					if !bytes.Equal(buf.Bytes(), want) {
						t.Errorf("%s differs from the golden file (go test ./reports -update to accept):\n%s", name, firstDiff(string(want), buf.String()))
					}
				})
			}
		}
	}
}

// firstDiff shows the first line where got and want part.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\nwant: " + w + "\ngot:  " + g
		}
	}
	return "(same lines, different bytes)"
}
