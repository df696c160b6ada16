package dashboards

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// chart is a go-echarts chart whose options a panel carries.
type chart interface {
	Validate()
	JSON() map[string]any
}

// Options returns a chart's ECharts option for a panel.
func Options(c chart) map[string]any {
	c.Validate()
	return c.JSON()
}

// NewBar starts a bar chart with TED's common settings: a legend, a
// tooltip, and no title (the panel has one).
func NewBar() *charts.Bar {
	b := charts.NewBar()
	b.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "12%",
			ContainLabel: opts.Bool(true)}),
	)
	return b
}

// NewLine starts a line chart with the settings of NewBar.
func NewLine() *charts.Line {
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "12%",
			ContainLabel: opts.Bool(true)}),
	)
	return l
}
