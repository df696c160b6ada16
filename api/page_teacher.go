package api

// teacherPages lists the routes of the teacher pages.
func teacherPages() []endpoint {
	return nil
}
