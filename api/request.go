package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// maxBody bounds the size of a request body.
const maxBody = 1 << 20

// bindJSON reads a JSON request body into dst, refusing other media
// types, unknown fields and trailing data. Requiring JSON also keeps
// another site's plain HTML form from posting to the API.
func bindJSON(c *gin.Context, dst any) error {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "application/json" {
		return ted.Errorf(ted.CodeInvalid, "the request body must be JSON "+
			"(Content-Type: application/json)")
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return ted.Wrap(ted.CodeInvalid, err, "the request body is not the JSON expected: %s",
			jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ted.Errorf(ted.CodeInvalid, "the request body holds more than one JSON value")
	}
	return nil
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &syntax):
		return "malformed at byte " + strconv.FormatInt(syntax.Offset, 10)
	case errors.As(err, &typ):
		return "field " + strconv.Quote(typ.Field) + " must be " + typ.Type.String()
	case errors.As(err, &tooBig):
		return "larger than 1 MiB"
	case errors.Is(err, io.EOF):
		return "empty"
	}
	return err.Error()
}

// Pagination of lists.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// page reads the limit and offset of a list request.
func page(c *gin.Context) (models.Page, error) {
	p := models.Page{Limit: defaultLimit}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return p, ted.Errorf(ted.CodeInvalid, "limit: %q is not a number from 1 to %d",
				v, maxLimit)
		}
		p.Limit = n
	}
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, ted.Errorf(ted.CodeInvalid, "offset: %q is not a number 0 or above", v)
		}
		p.Offset = n
	}
	return p, nil
}

// list is the body of a paginated list.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func newList[T any](items []T, total int, p models.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}
}

// year reads the school year a request asks for; without one, the last
// year with computed measures.
func (s *Server) year(c *gin.Context) (int, error) {
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2200 {
			return 0, ted.Errorf(ted.CodeInvalid, "year: %q is not a school year such as 2025",
				v)
		}
		return y, nil
	}
	y, err := s.db.LatestYear(c.Request.Context())
	if err != nil {
		return 0, err
	}
	if y == 0 {
		return 0, ted.Errorf(ted.CodeNotFound, "no school year has been computed yet: "+
			"import a bundle or run ted compute")
	}
	return y, nil
}
