package analytics

import (
	"math"
	"testing"
)

func TestEvaluate(t *testing.T) {
	cfg := DefaultConfig().Evaluation
	t.Run("ObservationAndProfessionalGrowth", func(t *testing.T) {
		ev := Evaluate([]Component{{"TAPS1", 2}, {"TAPS2", 3}, {"TAPS3", 1},
			{"professional_growth", 3}}, cfg)
		// Score: (2+3+1+3)/4 = 2.25; observation (2+3+1)/3 = 2.
		if ev.Score != 2.25 || ev.Observation != 2 || ev.ProfessionalGrowth != 3 {
			t.Fatalf("evaluation = %+v", ev)
		}
	})
	t.Run("SummativeIgnoredBesideComponents", func(t *testing.T) {
		ev := Evaluate([]Component{{"TAPS1", 2}, {"summative", 0}}, cfg)
		if ev.Score != 2 || ev.Observation != 2 || !math.IsNaN(ev.ProfessionalGrowth) {
			t.Fatalf("evaluation = %+v", ev)
		}
	})
	t.Run("SummativeAlone", func(t *testing.T) {
		ev := Evaluate([]Component{{"summative", 2.5}}, cfg)
		if ev.Score != 2.5 || ev.Observation != 2.5 {
			t.Fatalf("evaluation = %+v", ev)
		}
	})
	t.Run("None", func(t *testing.T) {
		ev := Evaluate(nil, cfg)
		if !math.IsNaN(ev.Score) || !math.IsNaN(ev.Observation) {
			t.Fatalf("evaluation = %+v", ev)
		}
	})
}

func TestEvaluationConfig_Rescale(t *testing.T) {
	taps := EvaluationConfig{Min: 0, Max: 3}
	for _, c := range []struct{ in, want float64 }{
		{0, 1}, {3, 4}, {1.5, 2.5}, {2, 3}, {-1, 1}, {5, 4},
	} {
		if got := taps.Rescale(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Rescale(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	fivePoint := EvaluationConfig{Min: 1, Max: 5}
	if got := fivePoint.Rescale(3); got != 2.5 {
		t.Errorf("1-5 scale: Rescale(3) = %v, want 2.5", got)
	}
	if !math.IsNaN(taps.Rescale(math.NaN())) {
		t.Error("a missing score was rescaled")
	}
}

func TestGrowthScore(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name          string
		sgp, vamIndex float64
		want          float64
	}{
		{"SGPLowest", 1, nan, 1},
		{"SGPHighest", 99, nan, 4},
		{"SGPMiddle", 50, nan, 2.5},
		{"SGPBeforeVAM", 50, 2, 2.5},
		{"VAMZero", nan, 0, 2.5},
		{"VAMOne", nan, 1, 3.25},
		{"VAMCapped", nan, -5, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := GrowthScore(c.sgp, c.vamIndex); math.Abs(got-c.want) > 1e-12 {
				t.Fatalf("GrowthScore(%v, %v) = %v, want %v", c.sgp, c.vamIndex, got, c.want)
			}
		})
	}
	if !math.IsNaN(GrowthScore(nan, nan)) {
		t.Error("growth without a percentile or value-added")
	}
}

func TestComposite(t *testing.T) {
	nan := math.NaN()
	w := Weights{Observation: 0.5, Growth: 0.3, ProfessionalGrowth: 0.2}
	for _, c := range []struct {
		name                string
		obs, growth, profGr float64
		want                float64
	}{
		// 0.5*3 + 0.3*2 + 0.2*4 = 2.9.
		{"AllComponents", 3, 2, 4, 2.9},
		// Growth missing: (0.5*3 + 0.2*4) / 0.7 = 2.3/0.7.
		{"MissingGrowth", 3, nan, 4, 2.3 / 0.7},
		// Professional growth missing: (0.5*3 + 0.3*2) / 0.8 = 2.625.
		{"MissingProfessionalGrowth", 3, 2, nan, 2.625},
		// Only growth: its own score.
		{"GrowthOnly", nan, 1.6, nan, 1.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Composite(c.obs, c.growth, c.profGr, w)
			if math.Abs(got-c.want) > 1e-12 {
				t.Fatalf("composite = %v, want %v", got, c.want)
			}
		})
	}
	t.Run("NoObservationNoGrowth", func(t *testing.T) {
		if got := Composite(nan, nan, 4, w); !math.IsNaN(got) {
			t.Fatalf("composite = %v from professional growth alone", got)
		}
	})
	t.Run("ZeroWeightIgnored", func(t *testing.T) {
		got := Composite(3, 1, nan, Weights{Observation: 1, Growth: 0})
		if got != 3 {
			t.Fatalf("composite = %v, want the observation's 3", got)
		}
	})
}

func TestBands_Band(t *testing.T) {
	b := DefaultConfig().Composite.Bands
	for _, c := range []struct {
		score float64
		want  string
	}{
		{1, RatingIneffective}, {1.7499, RatingIneffective},
		{1.75, RatingNeedsDevelopment}, {2.4999, RatingNeedsDevelopment},
		{2.5, RatingProficient}, {3.4999, RatingProficient},
		{3.5, RatingExemplary}, {4, RatingExemplary},
		{math.NaN(), ""},
	} {
		if got := b.Band(c.score); got != c.want {
			t.Errorf("Band(%v) = %q, want %q", c.score, got, c.want)
		}
	}
}

func TestTEMConfig_Rate(t *testing.T) {
	tem := DefaultConfig().Composite.TEM
	for _, c := range []struct {
		name     string
		obs, sgp float64
		want     string
	}{
		// Observation 1.0 is level I; growth 10 level I.
		{"LowLow", 1, 10, RatingIneffective},
		// Observation 3.5 is level IV (on the cut); growth 66 level IV.
		{"HighHigh", 3.5, 66, RatingExemplary},
		// Observation 2.5 is level III; growth 35 level III.
		{"MiddleMiddle", 2.5, 35, RatingProficient},
		// Observation level IV, growth level I.
		{"HighObservationLowGrowth", 4, 1, RatingNeedsDevelopment},
		{"MissingGrowth", 3, math.NaN(), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tem.Rate(c.obs, c.sgp); got != c.want {
				t.Fatalf("Rate(%v, %v) = %q, want %q", c.obs, c.sgp, got, c.want)
			}
		})
	}
}

func TestConfig_Rate(t *testing.T) {
	nan := math.NaN()
	cfg := DefaultConfig()
	// TAPS observation 2 of 3 rescales to 3; professional growth 3 to 4;
	// median SGP 50 to 2.5. Composite 0.5*3 + 0.3*2.5 + 0.2*4 = 3.05.
	ev := Evaluation{Score: 2.2, Observation: 2, ProfessionalGrowth: 3}
	t.Run("Weighted", func(t *testing.T) {
		e := cfg.Rate(ev, 50, nan)
		if math.Abs(e.Composite-3.05) > 1e-12 || e.Weighted != RatingProficient ||
			e.Rating != RatingProficient {
			t.Fatalf("effectiveness = %+v", e)
		}
		// TEM: observation 3 is level III, growth 50 level III.
		if e.TEM != RatingProficient {
			t.Fatalf("TEM rating = %q", e.TEM)
		}
	})
	t.Run("TEMChosen", func(t *testing.T) {
		tem := cfg
		tem.Composite.Method = MethodTEM
		// Growth 10 is level I: observation III by growth I is needs
		// development under TEM, while the weighted composite
		// 0.5*3 + 0.3*(1+3*9/98) + 0.2*4 stays proficient.
		e := tem.Rate(ev, 10, nan)
		if e.Rating != RatingNeedsDevelopment || e.Weighted != RatingProficient {
			t.Fatalf("effectiveness = %+v", e)
		}
	})
	t.Run("ValueAddedWithoutSGP", func(t *testing.T) {
		// Index 2 scores 4: 0.5*3 + 0.3*4 + 0.2*4 = 3.5, exemplary.
		e := cfg.Rate(ev, nan, 2)
		if math.Abs(e.Composite-3.5) > 1e-12 || e.Weighted != RatingExemplary {
			t.Fatalf("effectiveness = %+v", e)
		}
	})
	t.Run("NoInputs", func(t *testing.T) {
		e := cfg.Rate(Evaluation{Score: nan, Observation: nan, ProfessionalGrowth: nan},
			nan, nan)
		if !math.IsNaN(e.Composite) || e.Rating != "" || e.TEM != "" {
			t.Fatalf("effectiveness without inputs = %+v", e)
		}
	})
}
