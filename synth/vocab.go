package synth

// level is a school's level: which grades it teaches.
type level uint8

const (
	elementary level = iota
	middle
	high
)

func (l level) String() string {
	return [...]string{"elementary", "middle", "high"}[l]
}

// grades returns the lowest and highest grade taught at the level.
func (l level) grades() (lo, hi int) {
	switch l {
	case elementary:
		return 0, 5
	case middle:
		return 6, 8
	}
	return 9, 12
}

// subject is a subject taught, a teacher's subject area or a certificate's
// field, from the bundle's shared vocabulary.
type subject uint8

const (
	mathematics subject = iota
	ela
	science
	socialStudies
	specialEducation
	esol
	arts
	pe
	worldLanguages
	cte
	elementarySubjects
	otherSubject
)

func (s subject) String() string {
	return [...]string{"math", "ela", "science", "social_studies",
		"special_education", "esol", "arts", "pe", "world_languages", "cte",
		"elementary", "other"}[s]
}

// tested reports whether students are tested in the subject.
func (s subject) tested() bool {
	return s == mathematics || s == ela
}

// coreSubjects are the four subjects every middle and high school student
// takes.
func coreSubjects() []subject {
	return []subject{mathematics, ela, science, socialStudies}
}

// electives lists the elective subjects a school of the level offers.
func electives(l level) []subject {
	if l == high {
		return []subject{arts, pe, worldLanguages, cte}
	}
	return []subject{arts, pe, worldLanguages}
}

// position is a staff member's job in a school.
type position uint8

const (
	teacher position = iota
	principal
	assistantPrincipal
	coach
)

func (p position) String() string {
	return [...]string{"teacher", "principal", "assistant_principal",
		"instructional_coach"}[p]
}

// degree is a staff member's highest degree, which is also their lane on
// the salary schedule.
type degree uint8

const (
	bachelor degree = iota
	master
	specialist
	doctorate
)

func (d degree) String() string {
	return [...]string{"BA", "MA", "EDS", "PHD"}[d]
}

// source is the route by which a teacher came into teaching.
type source uint8

const (
	traditional source = iota
	alternative
	residency
	teachForAmerica
)

func (s source) String() string {
	return [...]string{"traditional", "alternative", "residency",
		"teach_for_america"}[s]
}
