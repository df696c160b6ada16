package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted/policies"
)

// apiRoutes is the API's route table.
func apiRoutes() []endpoint {
	const get, post, patch, del = http.MethodGet, http.MethodPost, http.MethodPatch,
		http.MethodDelete
	r, w := policies.Read, policies.Write
	return []endpoint{
		{method: post, path: "/api/v1/auth/login", scope: public, handler: (*Server).login},
		{method: post, path: "/api/v1/auth/logout", scope: signedIn,
			handler: (*Server).logout},
		{method: get, path: "/api/v1/me", scope: signedIn, handler: (*Server).me},

		{method: get, path: "/api/v1/schools", resource: policies.Schools, action: r,
			scope: anyDomain, handler: (*Server).listSchools},
		{method: get, path: "/api/v1/schools/:school_id", resource: policies.Schools,
			action: r, scope: school, handler: (*Server).getSchool},
		{method: get, path: "/api/v1/schools/:school_id/budget", resource: policies.Schools,
			action: r, scope: school, handler: (*Server).schoolBudget},
		{method: get, path: "/api/v1/schools/:school_id/teachers",
			resource: policies.Teachers, action: r, scope: school,
			handler: (*Server).schoolTeachers},
		{method: get, path: "/api/v1/teachers/:staff_id", resource: policies.Teachers,
			action: r, scope: staff, handler: (*Server).getTeacher},

		{method: get, path: "/api/v1/district/equity", resource: policies.DistrictTables,
			action: r, scope: district, handler: (*Server).equity},
		{method: get, path: "/api/v1/district/retention", resource: policies.DistrictTables,
			action: r, scope: district, handler: (*Server).retention},
		{method: get, path: "/api/v1/district/pipeline", resource: policies.DistrictTables,
			action: r, scope: district, handler: (*Server).pipeline},
		{method: get, path: "/api/v1/district/compensation",
			resource: policies.DistrictTables, action: r, scope: district,
			handler: (*Server).compensation},

		{method: get, path: "/api/v1/exports/:name", action: r, scope: anyDomain,
			resourceOf: exportResource, handler: (*Server).export},

		{method: post, path: "/api/v1/scenarios/evaluate", resource: policies.Scenarios,
			action: r, scope: district, handler: (*Server).evaluateScenario},
		{method: post, path: "/api/v1/scenarios", resource: policies.Scenarios, action: w,
			scope: district, handler: (*Server).saveScenario},
		{method: get, path: "/api/v1/scenarios", resource: policies.Scenarios, action: r,
			scope: district, handler: (*Server).listScenarios},
		{method: get, path: "/api/v1/scenarios/:scenario_id", resource: policies.Scenarios,
			action: r, scope: district, handler: (*Server).getScenario},
		{method: del, path: "/api/v1/scenarios/:scenario_id", resource: policies.Scenarios,
			action: w, scope: district, handler: (*Server).deleteScenario},

		{method: get, path: "/api/v1/audit", resource: policies.Audit, action: r,
			scope: district, handler: (*Server).auditLog},

		{method: get, path: "/api/v1/users", resource: policies.Users, action: r,
			scope: district, handler: (*Server).listUsers},
		{method: post, path: "/api/v1/users", resource: policies.Users, action: w,
			scope: district, handler: (*Server).createUser},
		{method: get, path: "/api/v1/users/:user_id", resource: policies.Users, action: r,
			scope: district, handler: (*Server).getUser},
		{method: patch, path: "/api/v1/users/:user_id", resource: policies.Users, action: w,
			scope: district, handler: (*Server).updateUser},
		{method: post, path: "/api/v1/users/:user_id/roles", resource: policies.Users,
			action: w, scope: district, handler: (*Server).grantRole},
		{method: del, path: "/api/v1/users/:user_id/roles", resource: policies.Users,
			action: w, scope: district, handler: (*Server).revokeRole},
		{method: get, path: "/api/v1/users/:user_id/tokens", resource: policies.Users,
			action: r, scope: district, handler: (*Server).listTokens},
		{method: post, path: "/api/v1/users/:user_id/tokens", resource: policies.Users,
			action: w, scope: district, handler: (*Server).createToken},
		{method: del, path: "/api/v1/tokens/:token_id", resource: policies.Users, action: w,
			scope: district, handler: (*Server).revokeToken},

		{method: get, path: "/api/v1/policies", resource: policies.Policies, action: r,
			scope: district, handler: (*Server).listPolicies},
		{method: post, path: "/api/v1/policies", resource: policies.Policies, action: w,
			scope: district, handler: (*Server).addPolicy},
		{method: del, path: "/api/v1/policies", resource: policies.Policies, action: w,
			scope: district, handler: (*Server).removePolicy},
	}
}

// exportResource is the resource an export needs: the school-level table
// is an aggregate, the others hold individual teachers' or students'
// records.
func exportResource(c *gin.Context) string {
	if c.Param("name") == "school-metrics" {
		return policies.SchoolExports
	}
	return policies.TeacherExports
}
