package api

// adminPages lists the routes of the admin pages.
func adminPages() []endpoint {
	return nil
}
