package compute

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestScenarioBase(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		importDistrict(t, db)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := Year(ctx, db, 2024, Options{}, logger); err != nil {
			t.Fatal(err)
		}
		b, err := ScenarioBase(ctx, db, 2024)
		if err != nil {
			t.Fatal(err)
		}

		var paid int64
		db.Gorm(ctx).Raw(`SELECT COUNT(*) FROM teacher_metrics m JOIN compensation c
			ON c.school_year = m.school_year AND c.staff_id = m.staff_id
			WHERE m.school_year = 2024`).Scan(&paid)
		if len(b.Teachers) != int(paid) || paid == 0 {
			t.Fatalf("%d teachers in the base year, %d paid teachers stored",
				len(b.Teachers), paid)
		}
		var high, low, steps, lanes, banded int
		var want float64
		for _, tc := range b.Teachers {
			if tc.HighPoverty {
				high++
			}
			if tc.LowPoverty {
				low++
			}
			if tc.StepIncrement > 0 {
				steps++
			}
			if tc.LanePremium > 0 {
				lanes++
			}
			if tc.GradeBand != "" {
				banded++
			}
			want += tc.Pay.FTE * 1000 * (1 + tc.Pay.Benefits/tc.Pay.Base)
		}
		if high == 0 || low == 0 || steps == 0 || lanes == 0 || banded == 0 {
			t.Fatalf("high %d, low %d, steps %d, lanes %d, banded %d", high, low, steps,
				lanes, banded)
		}
		for _, band := range []string{"3-5", "6-8"} {
			if bs := b.Bands[band]; bs.Students == 0 || !(bs.MeanSize > 5) {
				t.Fatalf("band %s = %+v", band, bs)
			}
		}

		res, err := analytics.EvaluateScenario(b, []analytics.Option{
			{Kind: analytics.OptionRaise, Amount: 1000},
			{Kind: analytics.OptionClassSize, GradeBand: "6-8", Change: 1},
		}, analytics.DefaultAssumptions())
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.Options[0].Cost-want) > 1e-6 || !(res.Options[1].Cost < 0) ||
			!(res.Options[1].FTEChange < 0) {
			t.Fatalf("scenario on the base year = %+v", res)
		}
	})
}
