package result

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../../docs/result.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	return sch
}

// ValidateJSON checks data against docs/result.schema.json.
func validateJSON(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return sch.Validate(v)
}

// fill sets every field reachable from v to a non-zero value that the
// schema's enums accept, so the schema must name every field the Go types
// can write.
func fill(v reflect.Value, field string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type() == reflect.TypeFor[*time.Time]() {
			tm := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
			v.Set(reflect.ValueOf(&tm))
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), field)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			name := strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0]
			fill(v.Field(i), name)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), field)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.ValueOf("strict-transport-security"), reflect.ValueOf("max-age=1"))
		v.Set(m)
	case reflect.String:
		v.SetString(enumValue(field))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1.5)
	}
}

func enumValue(field string) string {
	switch field {
	case "schema_version":
		return SchemaVersion
	case "name":
		return "candor" // tool.name is a const; other names accept any string
	case "party":
		return string(ThirdParty)
	case "same_site":
		return "Lax"
	case "scope":
		return ScopeWebsite
	case "severity":
		return string(SeverityHigh)
	case "outcome":
		return string(OutcomeBroken)
	case "kind":
		return "local" // valid for storage; set_by and behaviours are fixed up by the caller
	}
	return "x"
}

func TestSchemaAcceptsEveryField(t *testing.T) {
	sch := compileSchema(t)
	var r Result
	fill(reflect.ValueOf(&r).Elem(), "")
	r.Cookies[0].SetBy.Kind = SetByScript
	r.Findings[0].Evidence[0].SetBy.Kind = SetByHeader
	r.Behaviours[0].Kind = "canvas-fingerprinting"
	data, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(t, sch, data); err != nil {
		t.Fatalf("a result with every field set does not match %s (update the schema with the types):\n%v", schemaPath, err)
	}
}

func TestSchemaAcceptsEmptyResult(t *testing.T) {
	sch := compileSchema(t)
	var buf bytes.Buffer
	if err := Encode(&buf, New("https://example.com/", "test")); err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(t, sch, buf.Bytes()); err != nil {
		t.Fatalf("empty result does not match the schema: %v", err)
	}
}

func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"unknown top-level field", func(m map[string]any) { m["extra"] = 1 }},
		{"missing requests", func(m map[string]any) { delete(m, "requests") }},
		{"bad schema version", func(m map[string]any) { m["schema_version"] = "2.0" }},
		{"null cookies", func(m map[string]any) { m["cookies"] = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, New("https://example.com/", "test")); err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			data, _ := json.Marshal(m)
			if err := validateJSON(t, sch, data); err == nil {
				t.Fatalf("schema accepted a result with %s", tt.name)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"current", `{"schema_version":"1.0","target":"t"}`, ""},
		{"newer minor", `{"schema_version":"1.7","target":"t"}`, ""},
		{"newer major", `{"schema_version":"2.0"}`, "not supported"},
		{"no version", `{"target":"t"}`, "not a Candor result"},
		{"not json", `<html>`, "decode result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Requests == nil || r.Findings == nil || r.Security.Headers == nil {
				t.Fatal("Decode did not normalise nil lists")
			}
		})
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "new" {
		t.Fatalf("content = %q", got)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x.json"), nil); err == nil {
		t.Fatal("no error for a missing folder")
	}
}
