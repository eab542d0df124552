package limits

import (
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	cases := []struct {
		name, value string
		want        int64  // FileBytes
		err         string // a fragment of the error, "" for none
	}{
		{"unset", "", DefaultFileBytes, ""},
		{"whole", "200", 200 << 20, ""},
		{"fraction", "0.5", 512 << 10, ""},
		{"blanks", " 1 ", 1 << 20, ""},
		{"zero", "0", DefaultFileBytes, `BRINK_MAX_FILE_MB="0" is not a positive number of megabytes`},
		{"negative", "-3", DefaultFileBytes, "not a positive number"},
		{"word", "lots", DefaultFileBytes, `"lots"`},
		{"NaN", "NaN", DefaultFileBytes, "not a positive number"},
		{"huge", "1e300", DefaultFileBytes, "not a positive number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(EnvMaxFileMB, c.value)
			l, err := FromEnv()
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error %v, want it to contain %q", err, c.err)
			}
			if l.FileBytes != c.want {
				t.Errorf("FileBytes = %d, want %d", l.FileBytes, c.want)
			}
			if d := Default(); l.States != d.States || l.Nesting != d.Nesting {
				t.Errorf("other limits changed: %+v", l)
			}
		})
	}
}
