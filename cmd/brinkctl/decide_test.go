package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDecide solves the oil wildcatter (the model file of
// network/modelfile's tests): MEU 22.5, test, then drill unless the
// result is diffuse; knowing the oil before drilling is worth 22.5.
func TestDecide(t *testing.T) {
	src, err := os.ReadFile("../../network/modelfile/utility_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)const oilWildcatter = `(.*?)`").FindSubmatch(src)
	if m == nil {
		t.Fatal("no oil wildcatter model in the modelfile tests")
	}
	path := filepath.Join(t.TempDir(), "oil.toml")
	if err := os.WriteFile(path, m[1], 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, st := brinkctl(t, "decide", path, "--json")
	if st != 0 {
		t.Fatalf("decide: %s", errs)
	}
	var got struct {
		MEU       float64 `json:"maximum_expected_utility"`
		Decisions []struct {
			Decision string `json:"decision"`
			Best     string `json:"best"`
			Options  []struct {
				Option string  `json:"option"`
				EU     float64 `json:"expected_utility"`
			} `json:"options"`
			Policy []struct {
				Given  map[string]string `json:"given"`
				Choose string            `json:"choose"`
			} `json:"policy"`
			Value []struct {
				Node  string  `json:"node"`
				Value float64 `json:"value"`
			} `json:"value_of_information"`
		} `json:"decisions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if math.Abs(got.MEU-22.5) > 1e-9 || len(got.Decisions) != 2 || got.Decisions[0].Best != "yes" {
		t.Fatalf("%s", out)
	}
	for _, p := range got.Decisions[1].Policy {
		if p.Given["testing"] != "yes" {
			continue
		}
		if want := map[bool]string{true: "no", false: "yes"}[p.Given["result"] == "diffuse"]; p.Choose != want {
			t.Errorf("after a %s result: %s, want %s", p.Given["result"], p.Choose, want)
		}
	}
	if v := got.Decisions[1].Value; len(v) == 0 || v[0].Node != "oil" || math.Abs(v[0].Value-22.5) > 1e-9 {
		t.Errorf("value of information for drilling %+v, want oil 22.5", v)
	}
}
