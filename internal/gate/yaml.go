package gate

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// parseYAML parses one YAML document and returns its top-level mapping,
// or nil for an empty document. Errors name the file and the line.
func parseYAML(name string, data []byte) (*ast.MappingNode, error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, nil
	}
	if len(f.Docs) > 1 {
		return nil, fmt.Errorf("%s:%d: more than one YAML document; keep one", name, line(f.Docs[1]))
	}
	switch body := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		return body, nil
	case *ast.MappingValueNode:
		return &ast.MappingNode{BaseNode: &ast.BaseNode{}, Start: body.GetToken(), Values: []*ast.MappingValueNode{body}}, nil
	default:
		return nil, fmt.Errorf("%s:%d: want a mapping of keys to values, found %s", name, line(body), body.Type())
	}
}

// yamlError turns a go-yaml error into "name:line: message".
func yamlError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		return fmt.Errorf("%s:%d: %s", name, ye.GetToken().Position.Line, ye.GetMessage())
	}
	return fmt.Errorf("%s: %w", name, err)
}

// line is the line a node starts on.
func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

// keyOf is the text of a mapping key.
func keyOf(mv *ast.MappingValueNode) string {
	return mv.Key.GetToken().Value
}
