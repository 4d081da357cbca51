// Package httpapi is the HTTP plumbing shared by the admin and delivery APIs:
// the one map from error codes to statuses and the JSON error shape, strict
// request decoding, paging and If-Match parameters, the middleware every
// request passes through, and the route table the OpenAPI document is built
// from. gin.Context never leaves httpapi and its sub-packages.
package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
)

// statusOf is the one map from error codes to HTTP statuses.
var statusOf = map[string]int{
	cms.EBadRequest:       http.StatusBadRequest,
	cms.EInvalid:          http.StatusUnprocessableEntity,
	cms.EUnauthorized:     http.StatusUnauthorized,
	cms.EForbidden:        http.StatusForbidden,
	cms.ENotFound:         http.StatusNotFound,
	cms.EMethodNotAllowed: http.StatusMethodNotAllowed,
	cms.EConflict:         http.StatusConflict,
	cms.EPreconditionFail: http.StatusPreconditionFailed,
	cms.ERequestTimeout:   http.StatusRequestTimeout,
	cms.ETooLarge:         http.StatusRequestEntityTooLarge,
	cms.EUnsupportedMedia: http.StatusUnsupportedMediaType,
	cms.EPreconditionReq:  http.StatusPreconditionRequired,
	cms.ETooManyRequests:  http.StatusTooManyRequests,
	cms.EUnavailable:      http.StatusServiceUnavailable,
	cms.EInternal:         http.StatusInternalServerError,
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong. Fields names the request fields at
// fault; RequestID ties the answer to the server's log line.
type ErrorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	// Extra carries structured details: allowed_actions of a 409,
	// current_version of a 412, retry_after_seconds of a 429 or 503
	// (sent as Retry-After too).
	Extra map[string]any `json:"details,omitempty"`
}

// Error answers c with err: a *cms.Error with its code's status and message;
// anything else as a 500 with a generic message, logged once here with the
// request id.
func Error(c *gin.Context, err error) {
	var ce *cms.Error
	if !errors.As(err, &ce) {
		log := loggerOf(c)
		log.Error("internal error", "error", err, "request_id", RequestID(c), "method", c.Request.Method, "path", c.Request.URL.Path)
		ce = &cms.Error{Code: cms.EInternal, Message: "internal error; the server log has the details under this request id"}
	}
	status, ok := statusOf[ce.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		if s, ok := ce.Details["retry_after_seconds"].(int); ok {
			c.Header("Retry-After", strconv.Itoa(s))
		}
	}
	if status == http.StatusPreconditionFailed {
		if v, ok := ce.Details["current_version"].(int64); ok {
			c.Header("ETag", ETag(v))
		}
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: ErrorDetail{
		Code: ce.Code, Message: ce.Message, Fields: ce.Fields, RequestID: RequestID(c), Extra: ce.Details,
	}})
}

// StatusOf returns the HTTP status of an error code.
func StatusOf(code string) int { return statusOf[code] }

// requestLogger is what WithRequestID leaves for loggerOf: the server's
// logger and what the request's logger adds to it, made only when the
// request logs something.
type requestLogger struct {
	base        *slog.Logger
	traceparent string
}

func loggerOf(c *gin.Context) *slog.Logger {
	v, _ := c.Get(loggerKey)
	switch l := v.(type) {
	case *slog.Logger:
		return l
	case requestLogger:
		logger := l.base.With("request_id", RequestID(c))
		if trace := TraceID(l.traceparent); trace != "" {
			// The caller's distributed trace: log lines join it by trace_id.
			logger = logger.With("trace_id", trace)
		}
		c.Set(loggerKey, logger)
		return logger
	}
	return slog.Default()
}

// logEnabled reports whether the request's logger writes lines of level,
// without making that logger.
func logEnabled(c *gin.Context, level slog.Level) bool {
	v, _ := c.Get(loggerKey)
	switch l := v.(type) {
	case *slog.Logger:
		return l.Enabled(c.Request.Context(), level)
	case requestLogger:
		return l.base.Enabled(c.Request.Context(), level)
	}
	return slog.Default().Enabled(c.Request.Context(), level)
}
