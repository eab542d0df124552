package model

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPeriod(t *testing.T) {
	tests := []struct {
		name           string
		asOf, horizon  string
		asOfIs, horIs  error
		asOfMsg, hoMsg string
	}{
		{"neither", "", "", nil, nil, "", ""},
		{"as of alone", "2026-12-07", "", nil, nil, "", ""},
		{"both", "2026-12-07", "2027-06-07", nil, nil, "", ""},
		{"leap day", "2028-02-29", "2028-03-01", nil, nil, "", ""},
		{"no such day", "2026-02-30", "", ErrBadDate, nil, `the as-of date "2026-02-30" is not a calendar date written YYYY-MM-DD`, ""},
		{"not a leap year", "2027-02-29", "", ErrBadDate, nil, `the as-of date "2027-02-29" is not a calendar date`, ""},
		{"short month", "2026-1-07", "", ErrBadDate, nil, `"2026-1-07" is not`, ""},
		{"words", "7 Dec 2026", "", ErrBadDate, nil, `"7 Dec 2026" is not`, ""},
		{"bad horizon", "2026-12-07", "2027-13-01", nil, ErrBadDate, "", `the horizon "2027-13-01" is not a calendar date`},
		{"horizon alone", "", "2027-06-07", nil, ErrHorizonAlone, "", "the horizon 2027-06-07 needs an as-of date, the day the period starts"},
		{"same day", "2026-12-07", "2026-12-07", nil, ErrHorizonOrder, "", "the horizon 2026-12-07 is not after the as-of date 2026-12-07"},
		{"before", "2026-12-07", "2026-06-07", nil, ErrHorizonOrder, "", "is not after"},
		{"both bad", "2026-00-07", "2027-06-31", ErrBadDate, ErrBadDate, `"2026-00-07"`, `"2027-06-31"`},
		{"bad as of, later horizon", "2026-02-30", "2026-01-01", ErrBadDate, nil, `"2026-02-30"`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, h := CheckPeriod(tc.asOf, tc.horizon)
			for _, c := range []struct {
				what string
				err  error
				is   error
				msg  string
			}{{"as of", a, tc.asOfIs, tc.asOfMsg}, {"horizon", h, tc.horIs, tc.hoMsg}} {
				if c.is == nil {
					if c.err != nil {
						t.Errorf("%s: %v, want no error", c.what, c.err)
					}
					continue
				}
				if !errors.Is(c.err, c.is) {
					t.Errorf("%s: %v, want %v", c.what, c.err, c.is)
				} else if !strings.Contains(c.err.Error(), c.msg) || strings.HasSuffix(c.err.Error(), ": "+c.is.Error()) {
					t.Errorf("%s: %q lacks %q", c.what, c.err, c.msg)
				}
			}
		})
	}
}

func TestPeriodText(t *testing.T) {
	tests := []struct{ asOf, horizon, want string }{
		{"2026-12-07", "2027-06-07", "7 Dec 2026 to 7 Jun 2027 (6 months)"},
		{"2026-12-07", "2027-01-07", "7 Dec 2026 to 7 Jan 2027 (1 month)"},
		{"2026-12-07", "2027-12-07", "7 Dec 2026 to 7 Dec 2027 (1 year)"},
		{"2026-12-07", "2028-12-07", "7 Dec 2026 to 7 Dec 2028 (2 years)"},
		{"2026-12-07", "2028-06-07", "7 Dec 2026 to 7 Jun 2028 (18 months)"},
		{"2026-12-07", "2026-12-21", "7 Dec 2026 to 21 Dec 2026 (2 weeks)"},
		{"2026-12-07", "2026-12-14", "7 Dec 2026 to 14 Dec 2026 (1 week)"},
		{"2026-12-07", "2026-12-08", "7 Dec 2026 to 8 Dec 2026 (1 day)"},
		{"2026-12-07", "2026-12-17", "7 Dec 2026 to 17 Dec 2026 (10 days)"},
		{"2026-12-07", "2027-01-20", "7 Dec 2026 to 20 Jan 2027 (44 days)"},
		{"2026-12-07", "2027-06-15", "7 Dec 2026 to 15 Jun 2027 (190 days, about 6 months)"},
		// 31 January plus a month is not a calendar month later: 28 days.
		{"2027-01-31", "2027-02-28", "31 Jan 2027 to 28 Feb 2027 (4 weeks)"},
		// Across the change to summer time nothing moves: dates are UTC.
		{"2027-03-01", "2027-04-01", "1 Mar 2027 to 1 Apr 2027 (1 month)"},
		{"2026-12-07", "2026-12-07", ""},
		{"2026-12-07", "", ""},
		{"", "2027-06-07", ""},
		{"2026-12-07", "soon", ""},
	}
	for _, tc := range tests {
		if got := PeriodText(tc.asOf, tc.horizon); got != tc.want {
			t.Errorf("PeriodText(%q, %q) = %q, want %q", tc.asOf, tc.horizon, got, tc.want)
		}
	}
}

func TestAsOfLineAndHeading(t *testing.T) {
	tests := []struct {
		asOf, horizon, line, heading string
	}{
		{"", "", "", ""},
		{"2026-12-07", "", "As of 7 Dec 2026", ""},
		{"2026-12-07", "2027-06-07", "As of 7 Dec 2026 · outcomes over 7 Dec 2026 to 7 Jun 2027 (6 months)", "Outcomes by 7 Jun 2027 — 6 months from 7 Dec 2026"},
	}
	for _, tc := range tests {
		m := &Model{AsOf: tc.asOf, Horizon: tc.horizon}
		if got := m.AsOfLine(); got != tc.line {
			t.Errorf("AsOfLine(%q, %q) = %q, want %q", tc.asOf, tc.horizon, got, tc.line)
		}
		if got := m.OutcomesHeading(); got != tc.heading {
			t.Errorf("OutcomesHeading(%q, %q) = %q, want %q", tc.asOf, tc.horizon, got, tc.heading)
		}
	}
	if got := DateText("someday"); got != "someday" {
		t.Errorf("DateText(someday) = %q", got)
	}
}
