package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/store"
)

// When every connection is in a transaction, the transactions that wait
// get theirs in the order they asked (database/sql alone picks a random
// waiter), and one that runs out of time while waiting fails as the
// database being unavailable, without taking a connection.
func TestTransactionsWaitInTurn(t *testing.T) {
	t.Parallel()
	db := cmstest.Postgres(t)
	ctx := context.Background()

	// Fill every slot with a transaction that holds until released.
	slots := db.SQL().Stats().MaxOpenConnections
	release := make([]chan struct{}, slots)
	var holders sync.WaitGroup
	started := make(chan struct{}, slots)
	for i := range slots {
		release[i] = make(chan struct{})
		holders.Add(1)
		go func() {
			defer holders.Done()
			db.InTx(ctx, func(tx *store.Tx) error {
				started <- struct{}{}
				<-release[i]
				return nil
			})
		}()
	}
	for range slots {
		<-started
	}
	released := 0
	defer func() { // also when a check fails: the holders must end
		for _, r := range release[released:] {
			close(r)
		}
	}()

	// One that gives up while waiting.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	err := db.InTx(short, func(tx *store.Tx) error { return errors.New("ran without a slot") })
	var ce *cms.Error
	if !errors.As(err, &ce) || ce.Code != cms.EUnavailable {
		t.Fatalf("a transaction out of time while waiting returned %v; want the database unavailable", err)
	}
	if waiting, waits, _ := db.TxStats(); waiting != 0 || waits != 1 {
		t.Fatalf("TxStats after one gave up = %d waiting, %d waits; want 0, 1", waiting, waits)
	}

	// Waiters queue one after the other: each starts once the one before
	// it is counted as waiting.
	const waiters = 8
	var mu sync.Mutex
	var order []int
	var done sync.WaitGroup
	for i := range waiters {
		done.Add(1)
		go func() {
			defer done.Done()
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				return nil
			}); err != nil {
				t.Errorf("waiter %d: %v", i, err)
			}
		}()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			if waiting, _, _ := db.TxStats(); waiting == int64(i+1) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiter %d is not counted as waiting for a slot", i)
			}
		}
		// Counted just before it blocks on the queue: let it get there.
		time.Sleep(5 * time.Millisecond)
	}
	// Free one slot: the waiter first in line takes it, and hands it on to
	// the next when done, and so on down the line.
	close(release[0])
	released = 1
	for {
		mu.Lock()
		n := len(order)
		mu.Unlock()
		if n == waiters {
			break
		}
		time.Sleep(time.Millisecond)
	}
	for _, r := range release[1:] {
		close(r)
	}
	released = slots
	holders.Wait()
	done.Wait()
	for i, w := range order {
		if w != i {
			t.Fatalf("waiters ran in the order %v; want 0 to %d in turn", order, waiters-1)
		}
	}
	if waiting, waits, waited := db.TxStats(); waiting != 0 || waits != 1+waiters || waited <= 0 {
		t.Fatalf("TxStats at the end = %d waiting, %d waits, %v; want 0, %d, > 0", waiting, waits, waited, 1+waiters)
	}
}
