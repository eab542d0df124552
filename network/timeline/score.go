package timeline

import (
	"fmt"
	"math"

	"brink/network/model"
)

// MinCalibration is how many resolved forecasts a calibration table needs
// before Score fills it in: with fewer, its bins say more about chance
// than about the analyst.
const MinCalibration = 10

// LogFloor is the probability a log score gives an outcome the forecast
// gave less: 0.1%, so that one forecast of 0% for what happened costs
// about 10 bits instead of an infinite score.
const LogFloor = 0.001

// Bin is one row of a calibration table: the (forecast, state) pairs whose
// forecast probability fell in [Lo, Hi), and how often the state
// happened.
type Bin struct {
	Lo, Hi float64
	// N is the number of pairs in the bin; Mean their mean forecast
	// probability and Observed the fraction of them whose state happened
	// (both 0 when N is 0).
	N              int
	Mean, Observed float64
}

// Score holds the scores of a model's resolved forecasts.
type Score struct {
	Resolved, Open int
	// Brier is the mean over resolved forecasts of the Brier score
	// (G. W. Brier, "Verification of forecasts expressed in terms of
	// probability", Monthly Weather Review 78, 1950), summed over the
	// node's states:
	//
	//	BS = Σ_s (p_s − o_s)²,  o_s = 1 for the state that happened, else 0,
	//
	// from 0 (certain and right) to 2 (certain and wrong); a two-state
	// forecast of 50% scores 0.5. NaN when nothing is resolved.
	Brier float64
	// Log is the mean logarithmic score in bits, −log₂ p of the state
	// that happened (I. J. Good, 1952), with p no less than LogFloor:
	// 0 for certain and right, 1 bit for 50% on what happened. Lower is
	// better. NaN when nothing is resolved.
	Log float64
	// Floored counts the resolved forecasts whose probability for what
	// happened was below LogFloor.
	Floored int
	// Bins is the calibration table, ten bins of 10 points; nil until
	// there are MinCalibration resolved forecasts.
	Bins []Bin
	// Each holds the scores of each resolved forecast, by index into the
	// model's forecasts.
	Each []ForecastScore
}

// ForecastScore is the score of one resolved forecast.
type ForecastScore struct {
	Forecast   int
	Brier, Log float64
}

// Needed returns how many more resolved forecasts the calibration table
// needs, 0 when it is there.
func (s *Score) Needed() int { return max(0, MinCalibration-s.Resolved) }

// ScoreForecasts scores m's resolved forecasts. A forecast whose node or
// resolved state is not in the network (the file reader refuses such a
// forecast, an edit may have removed it) is an error naming it.
func ScoreForecasts(m *model.Model) (*Score, error) {
	sc := &Score{Brier: math.NaN(), Log: math.NaN()}
	bins := make([]Bin, 10)
	for k := range bins {
		bins[k].Lo, bins[k].Hi = float64(k)/10, float64(k+1)/10
	}
	var brier, logs float64
	for i, f := range m.Forecasts {
		if f.Resolved == "" {
			sc.Open++
			continue
		}
		v, ok := m.Net.Index(f.Node)
		if !ok {
			return nil, fmt.Errorf("timeline: forecast %d (%s): no node %q", i+1, f.Date, f.Node)
		}
		r := m.Net.Variable(v).StateIndex(f.Resolved)
		if r < 0 || len(f.P) != m.Net.Card(v) {
			return nil, fmt.Errorf("timeline: forecast %d (%s) on %s: its resolution or probabilities do not fit the node's states", i+1, f.Date, m.Label(v))
		}
		sc.Resolved++
		bs := 0.0
		for s, p := range f.P {
			o := 0.0
			if s == r {
				o = 1
			}
			bs += (p - o) * (p - o)
			k := min(int(p*10+1e-9), 9) // 0.3 is in the 30–40 bin, whatever its rounding
			bins[k].N++
			bins[k].Mean += p
			bins[k].Observed += o
		}
		p := f.P[r]
		if p < LogFloor {
			p = LogFloor
			sc.Floored++
		}
		ls := -math.Log2(p)
		brier += bs
		logs += ls
		sc.Each = append(sc.Each, ForecastScore{Forecast: i, Brier: bs, Log: ls})
	}
	if sc.Resolved > 0 {
		sc.Brier, sc.Log = brier/float64(sc.Resolved), logs/float64(sc.Resolved)
	}
	if sc.Resolved >= MinCalibration {
		for k := range bins {
			if n := float64(bins[k].N); n > 0 {
				bins[k].Mean /= n
				bins[k].Observed /= n
			}
		}
		sc.Bins = bins
	}
	return sc, nil
}

// ScoreText says the scores in plain words.
func ScoreText(sc *Score) string {
	if sc.Resolved == 0 {
		return fmt.Sprintf("No forecast is resolved yet (%d open).", sc.Open)
	}
	t := fmt.Sprintf("%d resolved, %d open. Brier score %.3f (0 is perfect, 2 is certain and wrong; 0.5 is what 50%% on two states scores). "+
		"Log score %.2f bits (−log₂ of the probability given to what happened, averaged: 0 is perfect, 1 bit is 50%% on what happened; lower is better).",
		sc.Resolved, sc.Open, sc.Brier, sc.Log)
	if sc.Floored > 0 {
		t += fmt.Sprintf(" %d forecast(s) gave what happened less than 0.1%%, counted as 0.1%%.", sc.Floored)
	}
	if n := sc.Needed(); n > 0 {
		t += fmt.Sprintf(" The calibration table needs %d more resolved forecast(s) (%d at least).", n, MinCalibration)
	}
	return t
}
