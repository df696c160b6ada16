package api

// hrPages lists the routes of the hr pages.
func hrPages() []endpoint {
	return nil
}
