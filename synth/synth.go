// Package synth generates synthetic school districts: complete data
// bundles in the format TED imports, with the true effect of every
// teacher known, so that TED's analytics can be demonstrated, tested
// against the truth and measured at the size of a real district.
//
// A district has four school years of students who persist from year to
// year, move up a grade, change school and leave; teachers whose true
// effects move their students' scores, who are evaluated, paid on a
// salary schedule, certified, and who leave and are replaced; and the
// budgets that pay for them. The structure follows what research finds
// in real districts, such as beginners clustering in poor schools and
// leaving more often. Generation streams school by school, so even a
// district the size of New York's needs little memory, and the same seed
// always gives the same bytes.
package synth

import (
	"context"
	"fmt"
)

// Options says what district to generate.
type Options struct {
	Scale Scale
	// Seed selects the district: the same seed and scale always give the
	// same files, and different seeds different districts.
	Seed uint64
}

// Summary tells what Generate wrote.
type Summary struct {
	// Files lists each file with its number of rows, header excluded, in
	// the order of FileNames.
	Files []FileRows
}

// FileRows is the number of rows written to one file.
type FileRows struct {
	Name string
	Rows int
}

// Rows returns the number of rows written to the named file, or 0.
func (s Summary) Rows(name string) int {
	for _, f := range s.Files {
		if f.Name == name {
			return f.Rows
		}
	}
	return 0
}

// Generate writes the bundle of a synthetic district into the folder dir,
// which must exist, with truth.csv beside it: one row per teacher of a
// tested subject and subject, with the teacher's true effect in student
// standard deviations (effect) and in scale-score points
// (effect_points).
//
// Each file is written under a temporary name and renamed only when all
// are complete, replacing any file of the same name; when Generate fails
// or ctx is cancelled, it removes its temporary files and leaves dir as
// it was.
func Generate(ctx context.Context, dir string, opt Options) (Summary, error) {
	if err := opt.Scale.validate(); err != nil {
		return Summary{}, err
	}
	out, err := createBundle(dir)
	if err != nil {
		return Summary{}, err
	}
	d := &district{seed: opt.Seed, salt: scaleSalt(opt.Scale),
		scale: opt.Scale, names: newNamer(), out: out}
	if err := d.run(ctx); err != nil {
		out.abort()
		return Summary{}, err
	}
	if err := out.commit(); err != nil {
		return Summary{}, err
	}

	var sum Summary
	for f := range numFiles {
		sum.Files = append(sum.Files, FileRows{Name: f.name(), Rows: out.rows[f]})
	}
	return sum, nil
}

// district is the state of a district being generated.
type district struct {
	seed, salt uint64
	scale      Scale
	names      *namer
	schools    []school
	// byLevel lists the indexes of the schools of each level.
	byLevel [3][]int
	staff   []person
	// students counts the students enrolled so far, for their ids.
	students uint32
	out      *bundle
	// rows collects the rows of each step until it is written.
	rows chunk
}

// run generates the district year by year and writes it to d.out.
func (d *district) run(ctx context.Context) error {
	d.layout()
	for i := range d.schools {
		l := d.schools[i].level
		d.byLevel[l] = append(d.byLevel[l], i)
	}
	d.writeSchools()

	for t := firstYear; t <= lastYear; t++ {
		if t == firstYear {
			d.enrolFirstYear()
		} else {
			d.advanceStudents(t)
		}
		d.staffYear(t)
		if err := d.out.write(&d.rows); err != nil {
			return err
		}
		if err := d.schoolYears(ctx, t); err != nil {
			return err
		}
		d.districtYear(t)
		if t < lastYear {
			d.turnover(t)
		}
		if err := d.out.write(&d.rows); err != nil {
			return err
		}
	}
	return nil
}

// schoolYears generates school year t of every school, one school at a
// time, and writes each school's rows before the next.
func (d *district) schoolYears(ctx context.Context, t int) error {
	for i := range d.schools {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("generate school year %d: %w", t, err)
		}
		d.schoolYear(t, i, &d.rows)
		if err := d.out.write(&d.rows); err != nil {
			return err
		}
	}
	return nil
}
