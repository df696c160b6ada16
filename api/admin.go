package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// userBody is an account as admins see it.
type userBody struct {
	UserID    string          `json:"user_id"`
	Email     string          `json:"email"`
	Disabled  bool            `json:"disabled"`
	CreatedAt time.Time       `json:"created_at"`
	Roles     []policies.Role `json:"roles"`
}

func (s *Server) userOf(u models.User) (userBody, error) {
	roles, err := s.enforcer.Roles(u.UserID)
	if err != nil {
		return userBody{}, ted.Wrap(ted.CodeInternal, err, "reading roles failed")
	}
	if roles == nil {
		roles = []policies.Role{}
	}
	return userBody{UserID: u.UserID, Email: u.Email, Disabled: u.Disabled,
		CreatedAt: u.CreatedAt.UTC(), Roles: roles}, nil
}

func (s *Server) listUsers(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	users, err := s.db.Users(c.Request.Context())
	if err != nil {
		respondError(c, err)
		return
	}
	total := len(users)
	users = users[min(p.Offset, total):min(p.Offset+p.Limit, total)]
	items := make([]userBody, len(users))
	for i, u := range users {
		if items[i], err = s.userOf(u); err != nil {
			respondError(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}

// createUserRequest makes an account with its first roles. Without a
// password, the account can only use API tokens.
type createUserRequest struct {
	Email    string          `json:"email"`
	Password string          `json:"password"`
	Roles    []policies.Role `json:"roles"`
}

func (s *Server) createUser(c *gin.Context) {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	// Every role is checked before the account is made, so a bad role
	// leaves nothing behind.
	for _, r := range req.Roles {
		if err := r.Check(); err != nil {
			respondError(c, err)
			return
		}
	}
	u, err := s.db.CreateUser(c.Request.Context(), req.Email, req.Password)
	s.auditChange(c, "create_user", "user", u.UserID, err)
	if err != nil {
		respondError(c, err)
		return
	}
	for _, r := range req.Roles {
		err := s.enforcer.Grant(u.UserID, r)
		s.auditChange(c, "grant_role", "user", u.UserID, err)
		if err != nil {
			respondError(c, err)
			return
		}
	}
	s.respondUser(c, http.StatusCreated, u)
}

func (s *Server) respondUser(c *gin.Context, status int, u models.User) {
	body, err := s.userOf(u)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(status, body)
}

func (s *Server) getUser(c *gin.Context) {
	u, err := s.db.UserByID(c.Request.Context(), c.Param("user_id"))
	if err != nil {
		respondError(c, err)
		return
	}
	s.respondUser(c, http.StatusOK, u)
}

// updateUserRequest changes an account: enables or disables it, or sets a
// new password. Fields left out stay as they are.
type updateUserRequest struct {
	Disabled *bool   `json:"disabled"`
	Password *string `json:"password"`
}

func (s *Server) updateUser(c *gin.Context) {
	var req updateUserRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	ctx, id := c.Request.Context(), c.Param("user_id")
	if req.Disabled != nil {
		err := s.db.SetDisabled(ctx, id, *req.Disabled)
		action := "enable_user"
		if *req.Disabled {
			action = "disable_user"
		}
		s.auditChange(c, action, "user", id, err)
		if err != nil {
			respondError(c, err)
			return
		}
	}
	if req.Password != nil {
		err := s.db.SetPassword(ctx, id, *req.Password)
		s.auditChange(c, "set_password", "user", id, err)
		if err != nil {
			respondError(c, err)
			return
		}
	}
	s.getUser(c)
}

// userExists answers 404 when the user of the path does not exist.
func (s *Server) userExists(c *gin.Context) bool {
	if _, err := s.db.UserByID(c.Request.Context(), c.Param("user_id")); err != nil {
		respondError(c, err)
		return false
	}
	return true
}

func (s *Server) grantRole(c *gin.Context) {
	var r policies.Role
	if err := bindJSON(c, &r); err != nil {
		respondError(c, err)
		return
	}
	if !s.userExists(c) {
		return
	}
	id := c.Param("user_id")
	err := s.enforcer.Grant(id, r)
	s.auditChange(c, "grant_role", "user", id, err)
	if err != nil {
		respondError(c, err)
		return
	}
	s.getUser(c)
}

// revokeRole takes the role given by the query's role and domain.
func (s *Server) revokeRole(c *gin.Context) {
	if !s.userExists(c) {
		return
	}
	id := c.Param("user_id")
	r := policies.Role{Role: c.Query("role"), Domain: c.Query("domain")}
	err := s.enforcer.Revoke(id, r)
	s.auditChange(c, "revoke_role", "user", id, err)
	if err != nil {
		respondError(c, err)
		return
	}
	s.getUser(c)
}

// tokenBody is an API token as admins see it; the token itself is shown
// only in the answer that creates it.
type tokenBody struct {
	TokenID    string     `json:"token_id"`
	UserID     string     `json:"user_id"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	Token      string     `json:"token,omitempty"`
}

func tokenOf(t models.APIToken) tokenBody {
	return tokenBody{TokenID: t.TokenID, UserID: t.UserID, CreatedAt: t.CreatedAt.UTC(),
		LastUsedAt: utc(t.LastUsedAt), RevokedAt: utc(t.RevokedAt)}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (s *Server) listTokens(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	if !s.userExists(c) {
		return
	}
	tokens, err := s.db.APITokens(c.Request.Context(), c.Param("user_id"))
	if err != nil {
		respondError(c, err)
		return
	}
	total := len(tokens)
	tokens = tokens[min(p.Offset, total):min(p.Offset+p.Limit, total)]
	items := make([]tokenBody, len(tokens))
	for i, t := range tokens {
		items[i] = tokenOf(t)
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}

func (s *Server) createToken(c *gin.Context) {
	if !s.userExists(c) {
		return
	}
	id := c.Param("user_id")
	token, t, err := s.db.CreateAPIToken(c.Request.Context(), id)
	s.auditChange(c, "create_token", "token", t.TokenID, err)
	if err != nil {
		respondError(c, err)
		return
	}
	body := tokenOf(t)
	body.Token = token
	c.JSON(http.StatusCreated, body)
}

func (s *Server) revokeToken(c *gin.Context) {
	id := c.Param("token_id")
	t, err := s.db.RevokeAPIToken(c.Request.Context(), id)
	s.auditChange(c, "revoke_token", "token", id, err)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, tokenOf(t))
}

func (s *Server) listPolicies(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	list, err := s.enforcer.Policies()
	if err != nil {
		respondError(c, ted.Wrap(ted.CodeInternal, err, "reading policies failed"))
		return
	}
	total := len(list)
	list = list[min(p.Offset, total):min(p.Offset+p.Limit, total)]
	c.JSON(http.StatusOK, newList(list, total, p))
}

func (s *Server) addPolicy(c *gin.Context) {
	var p policies.Policy
	if err := bindJSON(c, &p); err != nil {
		respondError(c, err)
		return
	}
	err := s.enforcer.AddPolicy(p)
	s.auditChange(c, "add_policy", "policy", policyID(p), err)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

// removePolicy takes out the policy given by the query's role, domain,
// resource and action.
func (s *Server) removePolicy(c *gin.Context) {
	p := policies.Policy{Role: c.Query("role"), Domain: c.Query("domain"),
		Resource: c.Query("resource"), Action: c.Query("action")}
	err := s.enforcer.RemovePolicy(p)
	s.auditChange(c, "remove_policy", "policy", policyID(p), err)
	if err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// policyID names a policy in the audit log.
func policyID(p policies.Policy) string {
	return p.Role + " " + p.Domain + " " + p.Resource + " " + p.Action
}
