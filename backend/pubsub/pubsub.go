// Package pubsub carries change keys between replicas: every committed
// transaction that changed what readers see sends its keys with PostgreSQL
// NOTIFY (store.DB.InTx), and every replica LISTENs here and hands them to
// its delivery cache. On SQLite there is one process, and store.DB.OnChange
// is enough.
package pubsub

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen keeps a connection to the PostgreSQL server at url LISTENing on
// channel and calls onKeys with the keys of each notification, until ctx
// ends. When the connection drops it calls onLost (changes may have been
// missed meanwhile) and reconnects with backoff. ready, when not nil, is
// closed once the first LISTEN is in place.
func Listen(ctx context.Context, url, channel string, onKeys func([]string), onLost func(), ready chan<- struct{}, log *slog.Logger) {
	backoff := 100 * time.Millisecond
	first := true
	for ctx.Err() == nil {
		err := listenOnce(ctx, url, channel, onKeys, func() {
			backoff = 100 * time.Millisecond
			if first && ready != nil {
				close(ready)
			}
			if !first {
				onLost() // reconnected: anything may have changed meanwhile
			}
			first = false
		})
		if ctx.Err() != nil {
			return
		}
		log.Warn("change feed lost; reconnecting", "error", err, "retry_in", backoff.String())
		onLost()
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func listenOnce(ctx context.Context, url, channel string, onKeys func([]string), listening func()) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := pgx.Connect(cctx, url)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		onKeys(strings.Fields(n.Payload))
	}
}
