package policy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// benchInput is the five seed policies repeated to about 1 MB.
func benchInput(b *testing.B) []byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		b.Skip("no seeds")
	}
	var one bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		one.Write(data)
		one.WriteString("\n\n")
	}
	var all bytes.Buffer
	for all.Len() < 1<<20 {
		all.Write(one.Bytes())
	}
	return all.Bytes()
}

// BenchmarkRead measures plain-text policy reading in bytes per second.
func BenchmarkRead(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(context.Background(), Source{Name: "bench", Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHTML measures HTML policy reading, readability included.
func BenchmarkReadHTML(b *testing.B) {
	data := benchInput(b)
	var h bytes.Buffer
	h.WriteString("<!doctype html><html><head><title>Privacy</title></head><body><nav><a href=/>Home</a></nav><main>")
	for _, para := range bytes.Split(data, []byte("\n\n")) {
		h.WriteString("<p>")
		h.Write(bytes.ReplaceAll(bytes.ReplaceAll(para, []byte("<"), []byte("&lt;")), []byte("&"), []byte("&amp;")))
		h.WriteString("</p>\n")
	}
	h.WriteString("</main><footer>© 2026</footer></body></html>")
	html := h.Bytes()
	b.SetBytes(int64(len(html)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(context.Background(), Source{Name: "bench", Data: html, ContentType: "text/html"}); err != nil {
			b.Fatal(err)
		}
	}
}
