// Package scheduler publishes scheduled articles when their time comes. Every
// `cms serve` runs one; replicas on one PostgreSQL share the work and each
// article is published exactly once (see editorial.PublishNextDue). The first
// pass runs at start, so schedules that fell due while every replica was
// down are published then.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"newsroom/editorial"
)

// Scheduler polls for due articles.
type Scheduler struct {
	ed       *editorial.Service
	log      *slog.Logger
	interval time.Duration
}

// New returns a scheduler that looks for due articles every interval.
func New(ed *editorial.Service, interval time.Duration, log *slog.Logger) *Scheduler {
	return &Scheduler{ed: ed, log: log, interval: interval}
}

// Run publishes due articles until ctx ends. Errors (a database outage) are
// logged and retried at the next tick; Run returns only when ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler pass failed; retrying at the next tick", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce publishes every article due now and returns how many it published.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		id, outcome, err := s.ed.PublishNextDue(ctx)
		if err != nil {
			return n, err
		}
		switch {
		case id == "":
			return n, nil
		case outcome == editorial.DuePublished:
			n++
			s.log.Info("published a scheduled article", "article_id", id)
		case outcome == editorial.DueReturned:
			s.log.Warn("a scheduled article could not be published and went back to review", "article_id", id)
		}
	}
	return n, ctx.Err()
}
