package api

// districtPages lists the routes of the district pages.
func districtPages() []endpoint {
	return nil
}
