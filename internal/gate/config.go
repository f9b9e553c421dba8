package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/spf13/pflag"
)

// DefaultConfigFile is read from the working directory when --config is
// not given.
const DefaultConfigFile = "candor.yaml"

// Config is a candor.yaml: the same options as the command's flags, by
// flag name, for scheduled runs; flags given on the command line win.
//
//	targets: [https://shop.example/]
//	pages: 5
//	format: sarif
//	fail-on: high
//	severity: [high, critical]
//	baseline: last.json
type Config struct {
	Path string
	// Targets are the URLs to scan when none are given as arguments.
	Targets []string
	// Settings are the other keys, in file order.
	Settings []Setting
}

// Setting is one option from the file.
type Setting struct {
	Key    string // the flag name
	Values []string
	Line   int
}

// LoadConfig reads a config file. When required is false a missing file
// is no error and gives nil.
func LoadConfig(path string, required bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig reads a config file's contents; name is used in errors,
// which carry the line.
func ParseConfig(name string, data []byte) (*Config, error) {
	top, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	c := &Config{Path: name}
	if top == nil {
		return c, nil
	}
	seen := map[string]int{}
	for _, mv := range top.Values {
		key := strings.ReplaceAll(strings.ToLower(keyOf(mv)), "_", "-")
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s is already set on line %d", name, line(mv.Key), key, prev)
		}
		seen[key] = line(mv.Key)
		values, err := scalarValues(name, key, mv.Value)
		if err != nil {
			return nil, err
		}
		if key == "targets" || key == "target" || key == "urls" || key == "url" {
			c.Targets = append(c.Targets, values...)
			continue
		}
		c.Settings = append(c.Settings, Setting{Key: key, Values: values, Line: line(mv.Key)})
	}
	return c, nil
}

// scalarValues reads a scalar or a list of scalars as strings.
func scalarValues(name, key string, n ast.Node) ([]string, error) {
	one := func(n ast.Node) (string, error) {
		switch n.(type) {
		case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode:
			return "", fmt.Errorf("%s:%d: %s: want a value or a list of values", name, line(n), key)
		case *ast.NullNode:
			return "", fmt.Errorf("%s:%d: %s has no value", name, line(n), key)
		}
		var v any
		if err := yaml.NodeToValue(n, &v); err != nil {
			return "", yamlError(name, err)
		}
		return fmt.Sprint(v), nil
	}
	if seq, ok := n.(*ast.SequenceNode); ok {
		out := make([]string, 0, len(seq.Values))
		for _, item := range seq.Values {
			s, err := one(item)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := one(n)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

// ApplyFlags sets each flag the file names and the command line did not:
// flags given on the command line override the file. A key that is not a
// flag of flags but is one of others (another command sharing the file,
// such as scan's --pages for report) is skipped; any other unknown key or a
// bad value is an error naming the file, the line and the flag.
func (c *Config) ApplyFlags(flags *pflag.FlagSet, others ...*pflag.FlagSet) error {
	if c == nil {
		return nil
	}
settings:
	for _, s := range c.Settings {
		fl := flags.Lookup(s.Key)
		if fl == nil {
			for _, o := range others {
				if o != nil && o.Lookup(s.Key) != nil {
					continue settings
				}
			}
			return fmt.Errorf("%s:%d: unknown option %q (options are the command's flags: %s)", c.Path, s.Line, s.Key, strings.Join(flagNames(flags), ", "))
		}
		if fl.Changed {
			continue
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			if err := sv.Replace(s.Values); err != nil {
				return fmt.Errorf("%s:%d: %s: %w", c.Path, s.Line, s.Key, err)
			}
			continue
		}
		if len(s.Values) != 1 {
			return fmt.Errorf("%s:%d: %s takes one value, not a list", c.Path, s.Line, s.Key)
		}
		if err := flags.Set(s.Key, s.Values[0]); err != nil {
			return fmt.Errorf("%s:%d: %s: %w", c.Path, s.Line, s.Key, err)
		}
	}
	return nil
}

func flagNames(flags *pflag.FlagSet) []string {
	var names []string
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && f.Name != "config" {
			names = append(names, f.Name)
		}
	})
	sort.Strings(names)
	return names
}
