package api

// schoolPages lists the routes of the school pages.
func schoolPages() []endpoint {
	return nil
}
