package checks

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/candor-audit/candor/internal/result"
)

// TestFindingsMatchSchema writes a judged result and validates it against
// the JSON contract, docs/result.schema.json.
func TestFindingsMatchSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../docs/result.schema.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	for name, r := range map[string]*result.Result{"large": largeResult(), "keeper": keeperSite(), "empty": result.New("https://x.example/", "test")} {
		r.Cookies = append(r.Cookies, cookie("prefs", "site.example", result.SetByUnknown))
		r.Findings = Run(r, Options{Entities: testEntities(t)})
		s := Summarize(r.Findings)
		r.Summary = &s
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: judged result does not match the schema: %v", name, err)
		}
	}
}

func TestCookieEvidenceNamesUnknownSetter(t *testing.T) {
	ev := cookieEvidence(cookieInfo{c: &result.Cookie{Name: "x", Domain: "site.example"}, purpose: "unknown"}, "")
	if ev.SetBy == nil || ev.SetBy.Kind != result.SetByUnknown {
		t.Errorf("set_by = %+v, want kind unknown (the schema's enum)", ev.SetBy)
	}
}
