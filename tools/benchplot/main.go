// Command benchplot draws the benchmark chart: for every scenario, one bar
// per interpreter with the median time ratio gosocket / built-in socket
// module (lower is faster), a line at 1.0 (parity) and each scenario's
// target as a marker.
//
//	go run . -o ../../docs/bench.png ../../build/bench/2.7.json ../../build/bench/3.11.json
//
// The input files are what tests/bench/bench.py writes. It lives in its own
// module so the root module does not depend on gonum.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image/color"
	"log"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// result is one scenario of a bench.py JSON file.
type result struct {
	Name   string  `json:"name"`
	Ratio  float64 `json:"ratio"`
	Target float64 `json:"target"`
}

// run is one bench.py JSON file: one interpreter's results.
type run struct {
	Python  string `json:"python"`
	Version string `json:"version"`
	Machine struct {
		CPU   string `json:"cpu"`
		Cores int    `json:"cores"`
	} `json:"machine"`
	Results []result `json:"results"`
}

var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
}

func load(path string) (run, error) {
	var r run
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %v", path, err)
	}
	if len(r.Results) == 0 {
		return r, fmt.Errorf("%s: no results", path)
	}
	return r, nil
}

func main() {
	out := flag.String("o", "bench.png", "the PNG file to write")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: benchplot [-o out.png] RESULTS.json...")
	}
	var runs []run
	for _, path := range flag.Args() {
		r, err := load(path)
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, r)
	}
	if err := draw1(runs, *out); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("benchplot: wrote %s (%d interpreters, %d scenarios)\n", *out, len(runs), len(runs[0].Results))
}

// draw1 writes the grouped bar chart of runs to path. The scenarios are
// those of every run, in the order they first appear.
func draw1(runs []run, path string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("gosocket / built-in socket module, median time ratio (lower is faster)\n%s, %d cores",
		runs[0].Machine.CPU, runs[0].Machine.Cores)
	p.Y.Label.Text = "time ratio gosocket / built-in"
	p.Legend.Top = true
	p.Legend.Left = false

	var names []string
	var targets plotter.XYs
	seen := map[string]bool{}
	for _, run := range runs { // every run's scenarios (2.7 has no asyncio rows)
		for _, r := range run.Results {
			if !seen[r.Name] {
				seen[r.Name] = true
				targets = append(targets, plotter.XY{X: float64(len(names)), Y: r.Target})
				names = append(names, r.Name)
			}
		}
	}
	width := vg.Points(60) / vg.Length(len(runs)+1)
	ymax := 1.2
	for k, r := range runs {
		vals := make(plotter.Values, len(names))
		for i, name := range names {
			for _, res := range r.Results {
				if res.Name == name {
					vals[i] = res.Ratio
				}
			}
			if vals[i] > ymax {
				ymax = vals[i]
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return err
		}
		bars.Color = palette[k%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = width * (vg.Length(k) - vg.Length(len(runs)-1)/2)
		p.Add(bars)
		p.Legend.Add("Python "+r.Python, bars)
	}

	parity := plotter.NewFunction(func(float64) float64 { return 1 })
	parity.Color = color.Black
	parity.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(parity)
	p.Legend.Add("1.0: as fast as built-in", parity)

	marks, err := plotter.NewScatter(targets)
	if err != nil {
		return err
	}
	marks.GlyphStyle.Shape = draw.PyramidGlyph{}
	marks.GlyphStyle.Color = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	marks.GlyphStyle.Radius = vg.Points(4)
	p.Add(marks)
	p.Legend.Add("target (at most)", marks)

	p.NominalX(names...)
	p.X.Tick.Label.Rotation = 0.6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	p.X.Min, p.X.Max = -0.7, float64(len(names))-0.3
	p.Y.Min, p.Y.Max = 0, ymax*1.15
	p.Add(plotter.NewGrid())
	return p.Save(vg.Length(len(names))*vg.Points(64)+vg.Points(100), vg.Points(460), path)
}
