package model

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// dateLayout is how a model file writes a date: ISO 8601, YYYY-MM-DD.
const dateLayout = "2006-01-02"

// Causes of the problems CheckPeriod reports, reachable with errors.Is.
var (
	// ErrBadDate: a date that is not a day of the calendar written
	// YYYY-MM-DD ("2026-02-30", "7 Dec 2026").
	ErrBadDate = errors.New("not a calendar date")
	// ErrHorizonAlone: a horizon given without an as-of date, so that
	// there is no period for it to end.
	ErrHorizonAlone = errors.New("horizon without as-of date")
	// ErrHorizonOrder: a horizon on or before the as-of date.
	ErrHorizonOrder = errors.New("horizon not after as-of date")
)

// DateError is a problem with a date or with an as-of date and horizon
// together. Its message says it in plain words, without a package prefix
// ("the horizon 2026-12-01 is not after the as-of date 2026-12-07"); Err
// is the cause, one of ErrBadDate, ErrHorizonAlone and ErrHorizonOrder.
type DateError struct {
	Msg string
	Err error
}

// Error returns the message.
func (e *DateError) Error() string { return e.Msg }

// Unwrap returns the cause.
func (e *DateError) Unwrap() error { return e.Err }

// ParseDate reads a date written YYYY-MM-DD, refusing any string that is
// not a day of the calendar ("2026-02-30", "2026-2-3"). The time is
// midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return time.Time{}, &DateError{Msg: fmt.Sprintf("%q is not a calendar date written YYYY-MM-DD", s), Err: ErrBadDate}
	}
	return t, nil
}

// CheckPeriod returns what is wrong with an as-of date and a horizon, as
// the AsOf and Horizon fields of a Model hold them ("" for none): asOfErr
// for the as-of date, horizonErr for the horizon, each a *DateError or
// nil when it is fine. Both may be empty; a horizon needs an as-of date
// and must be after it.
func CheckPeriod(asOf, horizon string) (asOfErr, horizonErr error) {
	var a, h time.Time
	if asOf != "" {
		var err error
		if a, err = ParseDate(asOf); err != nil {
			asOfErr = &DateError{Msg: "the as-of date " + err.Error(), Err: ErrBadDate}
		}
	}
	if horizon == "" {
		return asOfErr, nil
	}
	h, err := ParseDate(horizon)
	switch {
	case err != nil:
		horizonErr = &DateError{Msg: "the horizon " + err.Error(), Err: ErrBadDate}
	case asOf == "":
		horizonErr = &DateError{Msg: "the horizon " + horizon + " needs an as-of date, the day the period starts", Err: ErrHorizonAlone}
	case asOfErr == nil && !h.After(a):
		horizonErr = &DateError{Msg: "the horizon " + horizon + " is not after the as-of date " + asOf, Err: ErrHorizonOrder}
	}
	return asOfErr, horizonErr
}

// DateText writes a YYYY-MM-DD date for people: "7 Dec 2026". A string
// that is not such a date is returned as it is.
func DateText(date string) string {
	t, err := ParseDate(date)
	if err != nil {
		return date
	}
	return t.Format("2 Jan 2006")
}

// SpanText says how long the period from asOf to horizon (YYYY-MM-DD
// dates) is, in plain words: in whole months when it is whole months
// ("6 months", "1 year", "18 months"), else in whole weeks ("2 weeks"),
// else in days ("10 days"), adding the months it nearly is when it is two
// months or more ("190 days, about 6 months"). It returns "" unless both
// are dates and horizon is after asOf.
func SpanText(asOf, horizon string) string {
	a, err1 := ParseDate(asOf)
	h, err2 := ParseDate(horizon)
	if err1 != nil || err2 != nil || !h.After(a) {
		return ""
	}
	months := (h.Year()-a.Year())*12 + int(h.Month()-a.Month())
	if a.AddDate(0, months, 0).Equal(h) {
		if months%12 == 0 {
			return count(months/12, "year")
		}
		return count(months, "month")
	}
	days := int(h.Sub(a).Hours()/24 + 0.5)
	if days%7 == 0 {
		return count(days/7, "week")
	}
	text := count(days, "day")
	// A month is 30.44 days on average (365.25 / 12).
	if about := int(float64(days)/30.44 + 0.5); about >= 2 {
		text += ", about " + count(about, "month")
	}
	return text
}

// PeriodText describes the period from asOf to horizon for people: "7 Dec
// 2026 to 7 Jun 2027 (6 months)". It returns "" unless both are dates and
// horizon is after asOf.
func PeriodText(asOf, horizon string) string {
	span := SpanText(asOf, horizon)
	if span == "" {
		return ""
	}
	return DateText(asOf) + " to " + DateText(horizon) + " (" + span + ")"
}

// AsOfLine is the line that dates a briefing on m: "As of 7 Dec 2026 ·
// outcomes over 7 Dec 2026 to 7 Jun 2027 (6 months)", or "As of 7 Dec
// 2026" when m has no horizon, or "" when it has no as-of date.
func (m *Model) AsOfLine() string {
	if m.AsOf == "" {
		return ""
	}
	line := "As of " + DateText(m.AsOf)
	if p := PeriodText(m.AsOf, m.Horizon); p != "" {
		line += " · outcomes over " + p
	}
	return line
}

// OutcomesHeading heads the outcomes for m's horizon: "Outcomes by 7 Jun
// 2027 — 6 months from 7 Dec 2026", or "" when m has no valid horizon.
func (m *Model) OutcomesHeading() string {
	span := SpanText(m.AsOf, m.Horizon)
	if span == "" {
		return ""
	}
	return "Outcomes by " + DateText(m.Horizon) + " — " + span + " from " + DateText(m.AsOf)
}

// count writes n things: "1 month", "6 months".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
