package ingest

import "strings"

// badBundle is a bundle with one defect and the problem it must produce.
type badBundle struct {
	name string
	// edit turns the valid base bundle into the bad one.
	edit func(b testBundle) testBundle
	// want is the problem as printed, or its beginning.
	want string
	opt  Options
}

// badBundles lists one bundle per kind of rule the import enforces. The
// fuzz test starts from them too.
func badBundles() []badBundle {
	long := strings.Repeat("x", 65)
	huge := strings.Repeat("y", maxFieldSize+1)
	return []badBundle{
		// The bundle and its files.
		{name: "ErrMissingStaffFile",
			edit: func(b testBundle) testBundle { return b.without(fileStaff) },
			want: "staff.csv: required file is missing from the bundle"},
		{name: "ErrMissingSchoolsFile",
			edit: func(b testBundle) testBundle { return b.without(fileSchools) },
			want: "schools.csv: required file is missing from the bundle"},
		{name: "ErrHeaderNotUTF8",
			edit: func(b testBundle) testBundle {
				return b.set(fileSeparations, 1, "staff_id,separation_date,reason,not\xffes")
			},
			want: "separations.csv:1: column 4: name is not valid UTF-8"},
		{name: "ErrEmptyFile",
			edit: func(b testBundle) testBundle { return b.with(fileSections, "") },
			want: "sections.csv:1: file is empty (want a header row naming the columns)"},
		{name: "ErrMissingColumn",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 1, "staff_id,first_name,last_name,email,"+
					"hyre_date,prior_experience_years,highest_degree,hiring_source")
			},
			want: "staff.csv:1: hire_date: required column is missing from the header"},
		{name: "ErrRepeatedColumn",
			edit: func(b testBundle) testBundle {
				return b.set(fileSeparations, 1, "staff_id,separation_date,Staff_ID")
			},
			want: "separations.csv:1: staff_id: column appears twice in the header"},
		{name: "ErrFileTooLarge",
			edit: func(b testBundle) testBundle { return b },
			opt:  Options{MaxFileSize: 200},
			want: "staff.csv: file is larger than the limit of 200 bytes"},

		// Malformed CSV.
		{name: "ErrUnterminatedQuote",
			edit: func(b testBundle) testBundle {
				return b.set(fileStudents, 3, `2024,ST2,"S1,4,0,,0`)
			},
			want: "students.csv:3: a quote opened on this line is not closed"},
		{name: "ErrBareQuote",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, `S1,Maple "Elementary,elementary,North`)
			},
			want: "schools.csv:2: a quote appears inside an unquoted field"},
		{name: "ErrFieldCount",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 3, "T2,Ben,Okafor,,2022-08-01,0,BA")
			},
			want: "staff.csv:3: row has 7 fields, the header has 8"},
		{name: "ErrInvalidUTF8",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, "S1,Maple \xff Elementary,elementary,North")
			},
			want: "schools.csv:2: field 2 is not valid UTF-8"},
		{name: "ErrFieldTooLong",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, "S1,"+huge+",elementary,North")
			},
			want: "schools.csv:2: field 2 is longer than 1 MiB"},

		// Types, ranges and vocabularies.
		{name: "ErrTextTooLong",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, "S1,"+strings.Repeat("n", 1001)+",elementary,North")
			},
			want: "schools.csv:2: name: is 1001 characters long (at most 1000)"},
		{name: "ErrTextNUL",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, "S1,Maple\x00Elementary,elementary,North")
			},
			want: "schools.csv:2: name: holds a NUL character"},
		{name: "ErrDate",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 3, "T2,Ben,Okafor,,2023/08/01,0,BA,residency")
			},
			want: `staff.csv:3: hire_date: "2023/08/01" is not a date (want YYYY-MM-DD)`},
		{name: "ErrImpossibleDate",
			edit: func(b testBundle) testBundle {
				return b.set(fileSeparations, 2, "T3,2024-02-30,resignation")
			},
			want: `separations.csv:2: separation_date: "2024-02-30" is not a date`},
		{name: "ErrIdentifierCharacters",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 3, "S/2,Oak Middle,middle,South")
			},
			want: `schools.csv:3: school_id: "S/2" is not an identifier`},
		{name: "ErrIdentifierLength",
			edit: func(b testBundle) testBundle {
				return b.add(fileSchools, long+",Long School,high,")
			},
			want: "schools.csv:4: school_id: \"" + long + "\" is longer than 64 characters"},
		{name: "ErrSchoolYear",
			edit: func(b testBundle) testBundle {
				return b.set(fileStudents, 2, "20x4,ST1,S1,4,1,0,0")
			},
			want: `students.csv:2: school_year: "20x4" is not a school year`},
		{name: "ErrGradeLevel",
			edit: func(b testBundle) testBundle {
				return b.set(fileStudents, 2, "2024,ST1,S1,13,1,0,0")
			},
			want: `students.csv:2: grade_level: "13" is not a grade level (want 0 for kindergarten to 12)`},
		{name: "ErrBoolean",
			edit: func(b testBundle) testBundle {
				return b.set(fileStudents, 2, "2024,ST1,S1,4,yes,0,0")
			},
			want: `students.csv:2: econ_disadvantaged: "yes" is not a yes/no value (want 1 or 0)`},
		{name: "ErrNumber",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssessments, 3, "2024,ST2,math,4,abc,")
			},
			want: `assessments.csv:3: scale_score: "abc" is not a number`},
		{name: "ErrMoneySymbol",
			edit: func(b testBundle) testBundle {
				return b.set(fileCompensation, 3, `2024,T2,"$45,000",,13500,1,BA,title_i`)
			},
			want: `compensation.csv:3: base_salary: "$45,000" is not an amount of money`},
		{name: "ErrMoneyDecimals",
			edit: func(b testBundle) testBundle {
				return b.set(fileBudgets, 2, "2024,S1,general,teacher_salaries,1200000.125,")
			},
			want: `budgets.csv:2: budgeted: "1200000.125" is not an amount of money`},
		{name: "ErrMoneyTooLarge",
			edit: func(b testBundle) testBundle {
				return b.set(fileCompensation, 3, "2024,T2,99999999999999,,13500,1,BA,title_i")
			},
			want: `compensation.csv:3: base_salary: "99999999999999" is not an amount of ` +
				"money TED can store (at most 12 digits before the point)"},
		{name: "ErrNumberTooSmall",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssessments, 3, "2024,ST2,math,4,0."+strings.Repeat("0", 400)+"1,")
			},
			want: `assessments.csv:3: scale_score: "0.` + strings.Repeat("0", 400) +
				`1" is too close to zero to store`},
		{name: "ErrNegativeMoney",
			edit: func(b testBundle) testBundle {
				return b.set(fileCompensation, 3, "2024,T2,-45000,,13500,1,BA,title_i")
			},
			want: "compensation.csv:3: base_salary: -45000.00 must not be negative"},
		{name: "ErrWholeNumber",
			edit: func(b testBundle) testBundle {
				return b.set(fileCompensation, 3, "2024,T2,45000,,13500,1.5,BA,title_i")
			},
			want: `compensation.csv:3: step: "1.5" is not a whole number`},
		{name: "ErrFTE",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssignments, 4, "2024,T3,S2,teacher,ela,1.5")
			},
			want: "staff_assignments.csv:4: fte: 1.5 is not a share above 0 and at most 1"},
		{name: "ErrDosage",
			edit: func(b testBundle) testBundle {
				return b.set(fileEnrollments, 5, "2024,SEC3,ST3,0")
			},
			want: "enrollments.csv:5: dosage: 0 is not a share above 0 and at most 1"},
		{name: "ErrExperience",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 2, "T1,Ana,Lopez,,2015-08-01,-2,MA,traditional")
			},
			want: "staff.csv:2: prior_experience_years: -2 is not a number of years from 0 to 60"},
		{name: "ErrEmail",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 2, "T1,Ana,Lopez,ana.lopez,2015-08-01,2,MA,traditional")
			},
			want: `staff.csv:2: email: "ana.lopez" is not an email address`},
		{name: "ErrSchoolLevel",
			edit: func(b testBundle) testBundle {
				return b.set(fileSchools, 2, "S1,Maple Elementary,primary,North")
			},
			want: `schools.csv:2: level: "primary" is not one of elementary, middle, high, other`},
		{name: "ErrSubjectCase",
			edit: func(b testBundle) testBundle {
				return b.set(fileSections, 2, "2024,SEC1,S1,T1,Math,4")
			},
			want: `sections.csv:2: subject: "Math" is not one of math, ela,`},
		{name: "ErrPosition",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssignments, 2, "2024,T1,S1,tutor,elementary,1")
			},
			want: `staff_assignments.csv:2: position: "tutor" is not one of teacher,`},
		{name: "ErrSeparationReason",
			edit: func(b testBundle) testBundle {
				return b.set(fileSeparations, 2, "T3,2024-06-30,quit")
			},
			want: `separations.csv:2: reason: "quit" is not one of resignation,`},
		{name: "ErrCertificateStatus",
			edit: func(b testBundle) testBundle {
				return b.set(fileCertifications, 2,
					"T1,C100,elementary,professional,active,2015-07-01,2027-06-30")
			},
			want: `certifications.csv:2: status: "active" is not one of valid,`},
		{name: "ErrCertificateField",
			edit: func(b testBundle) testBundle {
				return b.set(fileCertifications, 2,
					"T1,C100,reading,professional,valid,2015-07-01,2027-06-30")
			},
			want: `certifications.csv:2: field: "reading" is not one of math,`},
		{name: "ErrDegree",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 2, "T1,Ana,Lopez,,2015-08-01,2,Masters,traditional")
			},
			want: `staff.csv:2: highest_degree: "Masters" is not one of BA, MA, EDS, PHD, other`},
		{name: "ErrFund",
			edit: func(b testBundle) testBundle {
				return b.set(fileBudgets, 3, "2024,,federal,administration,500000,")
			},
			want: `budgets.csv:3: fund: "federal" is not one of general,`},
		{name: "ErrCategory",
			edit: func(b testBundle) testBundle {
				return b.set(fileBudgets, 3, "2024,,general,travel,500000,")
			},
			want: `budgets.csv:3: category: "travel" is not one of teacher_salaries,`},
		{name: "ErrFactor",
			edit: func(b testBundle) testBundle {
				return b.set(fileSBBWeights, 3, "2024,poverty,0.25,")
			},
			want: `sbb_weights.csv:3: factor: "poverty" is not one of base,`},
		{name: "ErrRequiredEmpty",
			edit: func(b testBundle) testBundle {
				return b.set(fileStaff, 3, "T2,,Okafor,,2022-08-01,0,BA,residency")
			},
			want: "staff.csv:3: first_name: is required but empty"},
		{name: "ErrCertificateDates",
			edit: func(b testBundle) testBundle {
				return b.set(fileCertifications, 2,
					"T1,C100,elementary,professional,valid,2028-07-01,2027-06-30")
			},
			want: "certifications.csv:2: expires_on: 2027-06-30 is before issued_on 2028-07-01"},
		{name: "ErrBasePerPupilMissing",
			edit: func(b testBundle) testBundle {
				return b.set(fileSBBWeights, 2, "2024,base,1,")
			},
			want: "sbb_weights.csv:2: base_per_pupil: is required on the base row"},
		{name: "ErrBasePerPupilMisplaced",
			edit: func(b testBundle) testBundle {
				return b.set(fileSBBWeights, 3, "2024,econ_disadvantaged,0.25,4500")
			},
			want: "sbb_weights.csv:3: base_per_pupil: belongs on the base row only"},

		// Natural keys and references.
		{name: "ErrDuplicateStaff",
			edit: func(b testBundle) testBundle {
				return b.add(fileStaff, "T2,Bea,Okafor,,2023-08-01,0,BA,residency")
			},
			want: `staff.csv:6: staff_id: "T2" repeats the row of line 3 (same staff_id)`},
		{name: "ErrDuplicateEnrollment",
			edit: func(b testBundle) testBundle {
				return b.add(fileEnrollments, "2024,SEC1,ST2,0.5")
			},
			want: `enrollments.csv:6: student_id: "SEC1" "ST2" of school year 2024 repeats ` +
				"the row of line 3 (same school_year, section_id, student_id)"},
		{name: "ErrDuplicateCentralBudget",
			edit: func(b testBundle) testBundle {
				return b.add(fileBudgets, "2024,,general,administration,400000,")
			},
			want: "budgets.csv:4: category: "},
		{name: "ErrUnknownSchool",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssignments, 3, "2024,T2,S9,teacher,math,1")
			},
			want: `staff_assignments.csv:3: school_id: "S9" is not in schools.csv or already imported`},
		{name: "ErrUnknownTeacher",
			edit: func(b testBundle) testBundle {
				return b.set(fileSections, 4, "2024,SEC3,S2,T9,math,")
			},
			want: `sections.csv:4: staff_id: "T9" is not in staff.csv or already imported`},
		{name: "ErrUnknownSection",
			edit: func(b testBundle) testBundle {
				return b.set(fileEnrollments, 2, "2024,SEC7,ST1,1")
			},
			want: `enrollments.csv:2: section_id: "SEC7" of school year 2024 is not in ` +
				"sections.csv or already imported"},
		{name: "ErrStudentOtherYear",
			edit: func(b testBundle) testBundle {
				return b.set(fileAssessments, 2, "2023,ST1,math,3,501,")
			},
			want: `assessments.csv:2: student_id: "ST1" of school year 2023 is not in ` +
				"students.csv or already imported"},
		{name: "ErrUnknownBudgetSchool",
			edit: func(b testBundle) testBundle {
				return b.set(fileBudgets, 2, "2024,S7,general,teacher_salaries,1200000,")
			},
			want: `budgets.csv:2: school_id: "S7" is not in schools.csv or already imported`},
	}
}
