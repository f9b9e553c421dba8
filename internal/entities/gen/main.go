// Command gen converts the third-party-web npm package's entity list into
// the compact data file embedded by package entities, and copies the
// package's MIT licence beside it.
//
// It either fetches the package with `npm pack` into a temporary directory
// or reads a tarball or unpacked package directory given with -src:
//
//	go run ./gen -version 0.30.0 -out .
//	go run ./gen -src third-party-web-0.30.0.tgz -out .
package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

const (
	entitiesPath = "package/dist/entities-nostats.json"
	licensePath  = "package/LICENSE"
	manifestPath = "package/package.json"
)

// tpwEntity is one entity as third-party-web ships it.
type tpwEntity struct {
	Name     string   `json:"name"`
	Company  string   `json:"company"`
	Homepage string   `json:"homepage"`
	Category string   `json:"category"`
	Domains  []string `json:"domains"`
}

// outEntity is one entity as Candor stores it.
type outEntity struct {
	Name     string   `json:"name"`
	Company  string   `json:"company,omitempty"`
	Category string   `json:"category"`
	Homepage string   `json:"homepage,omitempty"`
	Domains  []string `json:"domains"`
}

func main() {
	if err := run(); err != nil {
		slog.Error("generate entities", "err", err)
		os.Exit(1)
	}
}

func run() error {
	version := flag.String("version", "0.30.0", "third-party-web version to fetch with npm pack")
	src := flag.String("src", "", "a third-party-web .tgz or unpacked package directory (skips npm)")
	out := flag.String("out", ".", "directory to write third_party_web.json and THIRD_PARTY_WEB_LICENSE into")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	files, err := load(ctx, *src, *version)
	if err != nil {
		return err
	}
	var manifest struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		License string `json:"license"`
	}
	if err := json.Unmarshal(files[manifestPath], &manifest); err != nil {
		return fmt.Errorf("parse %s: %w", manifestPath, err)
	}
	if manifest.Name != "third-party-web" {
		return fmt.Errorf("package is %q, want third-party-web", manifest.Name)
	}
	var in []tpwEntity
	if err := json.Unmarshal(files[entitiesPath], &in); err != nil {
		return fmt.Errorf("parse %s: %w", entitiesPath, err)
	}
	data, err := encode(manifest.Version, manifest.License, in)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "third_party_web.json"), data, 0o644); err != nil {
		return fmt.Errorf("write entity data: %w", err)
	}
	notice := append([]byte(fmt.Sprintf("third-party-web %s (https://github.com/patrickhulce/third-party-web)\n"+
		"The file third_party_web.json is derived from its dist/entities-nostats.json\nand is used under the following licence.\n\n", manifest.Version)), files[licensePath]...)
	if err := os.WriteFile(filepath.Join(*out, "THIRD_PARTY_WEB_LICENSE"), notice, 0o644); err != nil {
		return fmt.Errorf("write licence: %w", err)
	}
	slog.Info("wrote entities", "version", manifest.Version, "entities", len(in))
	return nil
}

// encode writes one entity per line so a version bump diffs readably.
func encode(version, license string, in []tpwEntity) ([]byte, error) {
	out := make([]outEntity, 0, len(in))
	for _, e := range in {
		if e.Name == "" || len(e.Domains) == 0 {
			continue
		}
		company := e.Company
		if company == e.Name {
			company = ""
		}
		out = append(out, outEntity{Name: e.Name, Company: company, Category: e.Category, Homepage: e.Homepage, Domains: e.Domains})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	var b strings.Builder
	head, err := json.Marshal(map[string]string{"source": "third-party-web", "version": version, "license": license})
	if err != nil {
		return nil, fmt.Errorf("encode header: %w", err)
	}
	b.WriteString("{\"meta\":")
	b.Write(head)
	b.WriteString(",\n\"entities\":[\n")
	for i, e := range out {
		line, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", e.Name, err)
		}
		b.Write(line)
		if i < len(out)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return []byte(b.String()), nil
}

// load returns the three files the generator needs, keyed by their path
// inside the npm tarball.
func load(ctx context.Context, src, version string) (map[string][]byte, error) {
	if src == "" {
		dir, err := os.MkdirTemp("", "tpw-*")
		if err != nil {
			return nil, fmt.Errorf("make temp dir: %w", err)
		}
		defer os.RemoveAll(dir)
		cmd := exec.CommandContext(ctx, "npm", "pack", "third-party-web@"+version, "--pack-destination", dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack third-party-web@%s: %w", version, err)
		}
		src = filepath.Join(dir, "third-party-web-"+version+".tgz")
	}
	info, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("read source %s: %w", src, err)
	}
	want := []string{entitiesPath, licensePath, manifestPath}
	files := map[string][]byte{}
	if info.IsDir() {
		for _, p := range want {
			b, err := os.ReadFile(filepath.Join(src, strings.TrimPrefix(p, "package/")))
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", p, err)
			}
			files[p] = b
		}
		return files, nil
	}
	if err := readTar(src, want, files); err != nil {
		return nil, err
	}
	return files, nil
}

func readTar(path string, want []string, files map[string][]byte) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		for _, w := range want {
			if h.Name == w {
				b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
				if err != nil {
					return fmt.Errorf("read %s in %s: %w", w, path, err)
				}
				files[w] = b
			}
		}
	}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			return fmt.Errorf("%s has no %s: not a third-party-web package", path, w)
		}
	}
	return nil
}
