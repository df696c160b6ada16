package synth

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// file is one file of the bundle, or the truth file beside it.
type file int

const (
	fileSchools file = iota
	fileStaff
	fileAssignments
	fileSeparations
	fileCertifications
	fileStudents
	fileSections
	fileEnrollments
	fileAssessments
	fileEvaluations
	fileCompensation
	fileBudgets
	fileSBBWeights
	fileTruth
	numFiles
)

// name returns the file's name in the bundle folder.
func (f file) name() string {
	return [...]string{"schools.csv", "staff.csv", "staff_assignments.csv",
		"separations.csv", "certifications.csv", "students.csv",
		"sections.csv", "enrollments.csv", "assessments.csv",
		"evaluations.csv", "compensation.csv", "budgets.csv",
		"sbb_weights.csv", "truth.csv"}[f]
}

// header returns the file's header row: every column of the data contract,
// optional ones included.
func (f file) header() string {
	return [...]string{
		"school_id,name,level,region",
		"staff_id,first_name,last_name,email,hire_date," +
			"prior_experience_years,highest_degree,hiring_source",
		"school_year,staff_id,school_id,position,subject_area,fte",
		"staff_id,separation_date,reason",
		"staff_id,certificate_id,field,level,status,issued_on,expires_on",
		"school_year,student_id,school_id,grade_level," +
			"econ_disadvantaged,ell,swd",
		"school_year,section_id,school_id,staff_id,subject,grade_level",
		"school_year,section_id,student_id,dosage",
		"school_year,student_id,subject,grade_level,scale_score,assessment",
		"school_year,staff_id,component,score,evaluator_id,observed_on",
		"school_year,staff_id,base_salary,supplements,benefits,step,lane,fund",
		"school_year,school_id,fund,category,budgeted,actual",
		"school_year,factor,weight,base_per_pupil",
		"staff_id,subject,effect,effect_points",
	}[f]
}

// FileNames lists the files Generate writes, in the order it reports
// them: the thirteen files of the bundle, then truth.csv.
func FileNames() []string {
	names := make([]string, numFiles)
	for f := range numFiles {
		names[f] = f.name()
	}
	return names
}

// bundle writes the files of a bundle under temporary names, and gives
// them their final names only once every file is complete.
type bundle struct {
	dir string
	// tmp holds the open temporary files and tmpName their names, until
	// they are renamed or removed.
	tmp     [numFiles]*os.File
	tmpName [numFiles]string
	w       [numFiles]*bufio.Writer
	rows    [numFiles]int
}

// createBundle opens a temporary file for each file of the bundle in dir
// and writes the header rows.
func createBundle(dir string) (*bundle, error) {
	b := &bundle{dir: dir}
	for f := range numFiles {
		tmp, err := os.CreateTemp(dir, "."+f.name()+".*.tmp")
		if err != nil {
			b.abort()
			return nil, fmt.Errorf("create %s: %w", f.name(), err)
		}
		b.tmp[f], b.tmpName[f] = tmp, tmp.Name()
		if err := tmp.Chmod(0o644); err != nil {
			b.abort()
			return nil, fmt.Errorf("create %s: %w", f.name(), err)
		}
		b.w[f] = bufio.NewWriterSize(tmp, 256<<10)
		b.w[f].WriteString(f.header() + "\n")
	}
	return b, nil
}

// write appends a chunk's records to the files.
func (b *bundle) write(c *chunk) error {
	for f := range numFiles {
		if len(c.buf[f]) == 0 {
			continue
		}
		if _, err := b.w[f].Write(c.buf[f]); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(b.dir, f.name()), err)
		}
		b.rows[f] += c.rows[f]
	}
	c.reset()
	return nil
}

// commit flushes and closes every file, then renames each to its final
// name.
func (b *bundle) commit() error {
	for f := range numFiles {
		err := b.w[f].Flush()
		if cerr := b.tmp[f].Close(); err == nil {
			err = cerr
		}
		b.tmp[f] = nil
		if err != nil {
			b.abort()
			return fmt.Errorf("write %s: %w", filepath.Join(b.dir, f.name()), err)
		}
	}
	for f := range numFiles {
		final := filepath.Join(b.dir, f.name())
		if err := os.Rename(b.tmpName[f], final); err != nil {
			b.abort()
			return fmt.Errorf("rename to %s: %w", final, err)
		}
		b.tmpName[f] = ""
	}
	return nil
}

// abort closes and removes the temporary files that remain.
func (b *bundle) abort() {
	for f := range numFiles {
		if b.tmp[f] != nil {
			b.tmp[f].Close()
			b.tmp[f] = nil
		}
		if b.tmpName[f] != "" {
			os.Remove(b.tmpName[f])
			b.tmpName[f] = ""
		}
	}
}

// chunk collects the records of one step of the generation, such as one
// school's year, for all the files at once, until the step is written.
type chunk struct {
	buf  [numFiles][]byte
	rows [numFiles]int
	cur  file
	// fields counts the fields of the record being written.
	fields int
}

func (c *chunk) reset() {
	for f := range numFiles {
		c.buf[f] = c.buf[f][:0]
		c.rows[f] = 0
	}
}

// start begins a record of the file. The field methods append to it and
// end closes it.
func (c *chunk) start(f file) *chunk {
	c.cur = f
	c.fields = 0
	c.rows[f]++
	return c
}

func (c *chunk) sep() {
	if c.fields > 0 {
		c.buf[c.cur] = append(c.buf[c.cur], ',')
	}
	c.fields++
}

// str appends a text field. Every text the generator writes is free of
// commas, quotes and line breaks, so none needs quoting.
func (c *chunk) str(s string) *chunk {
	c.sep()
	c.buf[c.cur] = append(c.buf[c.cur], s...)
	return c
}

func (c *chunk) int(v int) *chunk {
	c.sep()
	c.buf[c.cur] = strconv.AppendInt(c.buf[c.cur], int64(v), 10)
	return c
}

// bool appends 1 or 0.
func (c *chunk) bool(v bool) *chunk {
	if v {
		return c.str("1")
	}
	return c.str("0")
}

// dec appends a decimal number with at most prec decimals and no
// trailing zeros.
func (c *chunk) dec(v float64, prec int) *chunk {
	c.sep()
	b := strconv.AppendFloat(c.buf[c.cur], v, 'f', prec, 64)
	for i := len(b) - 1; prec > 0 && b[i] == '0'; i-- {
		b = b[:i]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if len(b) == 2 && b[0] == '-' && b[1] == '0' {
		b = append(b[:0], '0')
	}
	c.buf[c.cur] = b
	return c
}

// money appends an amount given in cents, with two decimals.
func (c *chunk) money(cents int64) *chunk {
	c.sep()
	b := strconv.AppendInt(c.buf[c.cur], cents/100, 10)
	r := cents % 100
	c.buf[c.cur] = append(b, '.', byte('0'+r/10), byte('0'+r%10))
	return c
}

// date appends a day as YYYY-MM-DD.
func (c *chunk) date(t time.Time) *chunk {
	c.sep()
	c.buf[c.cur] = t.AppendFormat(c.buf[c.cur], time.DateOnly)
	return c
}

// staff appends a staff_id.
func (c *chunk) staff(p int32) *chunk {
	c.sep()
	c.buf[c.cur] = appendStaffID(c.buf[c.cur], p)
	return c
}

// empty appends an empty field.
func (c *chunk) empty() *chunk {
	c.sep()
	return c
}

// end closes the record.
func (c *chunk) end() {
	c.buf[c.cur] = append(c.buf[c.cur], '\n')
}

// appendStaffID appends the staff_id of the person at index p: E and six
// or more digits.
func appendStaffID(b []byte, p int32) []byte {
	b = append(b, 'E')
	n := int64(p) + 1
	for d := int64(100000); d > n && d > 1; d /= 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}

// staffID returns the staff_id of the person at index p.
func staffID(p int32) string {
	return string(appendStaffID(nil, p))
}
