package aoc

import (
	"context"
	"fmt"
	"path"
	"sync"
)

// DefaultFindConcurrency is the number of folders Find lists at once by default.
const DefaultFindConcurrency = 8

// FindOptions configure Find.
type FindOptions struct {
	// Concurrency is the number of folders listed at once (0: DefaultFindConcurrency; 1: one
	// folder at a time, in breadth-first order).
	Concurrency int
	// Glob keeps the entries whose name matches it (path.Match syntax); "" keeps all.
	Glob string
	// Match keeps the entries for which it returns true. It is called by Next, on the
	// caller's goroutine (a Lua predicate runs there), never by the walking goroutines.
	Match func(entry Object) (bool, error)
}

// Finder walks the tree below a folder: workers list folders concurrently (bounded by
// Concurrency) and follow links to shared folders (each target once), while Next hands the
// entries, with their path, to the caller in the order they arrive.
type Finder struct {
	o       FindOptions
	results chan Object
	cancel  context.CancelFunc

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Location
	pending int             // folders queued or being listed
	seen    map[string]bool // node:file ids of folders queued
	stopped bool
	err     error
}

// Find walks the tree below from (its entries come with "path", from from.Path). Read it with
// Next until false, then Err; Close stops it early.
func (c *Client) Find(ctx context.Context, from Location, o FindOptions) *Finder {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultFindConcurrency
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	f := &Finder{o: o, results: make(chan Object, 256), cancel: cancel, seen: map[string]bool{}}
	f.cond = sync.NewCond(&f.mu)
	if o.Glob != "" {
		if _, err := path.Match(o.Glob, ""); err != nil {
			f.err = fmt.Errorf("find: bad pattern %q: %w", o.Glob, err)
			close(f.results)
			return f
		}
	}
	f.push(from)
	stop := context.AfterFunc(ctx, func() {
		f.mu.Lock()
		f.stopped = true
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	var wg sync.WaitGroup
	for i := 0; i < o.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.work(ctx, c)
		}()
	}
	go func() {
		wg.Wait()
		stop()
		if err := parent.Err(); err != nil { // cancelled by the caller's context, not by Close
			f.setErr(err)
		}
		close(f.results)
	}()
	return f
}

// push queues a folder unless it was queued already; the caller must not hold mu.
func (f *Finder) push(l Location) {
	key := l.Node.ID + ":" + l.FileID
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen[key] {
		return
	}
	f.seen[key] = true
	f.queue = append(f.queue, l)
	f.pending++
	f.cond.Signal()
}

// take returns the next folder to list, false when the walk is over.
func (f *Finder) take() (Location, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && f.pending > 0 && !f.stopped {
		f.cond.Wait()
	}
	if len(f.queue) == 0 || f.stopped {
		return Location{}, false
	}
	l := f.queue[0]
	f.queue = f.queue[1:]
	return l, true
}

func (f *Finder) done() {
	f.mu.Lock()
	f.pending--
	if f.pending == 0 {
		f.cond.Broadcast()
	}
	f.mu.Unlock()
}

func (f *Finder) setErr(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
	f.cancel()
}

// work lists folders until none is left.
func (f *Finder) work(ctx context.Context, c *Client) {
	for {
		l, ok := f.take()
		if !ok {
			return
		}
		it := l.Node.Files(ctx, l.FileID, nil, 0)
		for v, ok := it.Next(); ok; v, ok = it.Next() {
			e, _ := v.(Object)
			if e == nil {
				continue
			}
			name, _ := e["name"].(string)
			e["path"] = path.Join(l.Path, name)
			switch e["type"] {
			case "folder":
				f.push(Location{Node: l.Node, FileID: ID(e["id"]), Path: ID(e["path"])})
			case "link":
				target, err := c.followLink(ctx, Location{Node: l.Node, FileID: ID(e["id"]), Path: ID(e["path"]), Entry: e})
				if err != nil {
					f.setErr(err)
					break
				}
				f.push(target)
			}
			select {
			case f.results <- e:
			case <-ctx.Done():
			}
		}
		if err := it.Err(); err != nil && ctx.Err() == nil {
			f.setErr(fmt.Errorf("find %s: %w", l.Path, err))
		}
		f.done()
	}
}

// Next returns the next entry that matches, false at the end (see Err).
func (f *Finder) Next() (Object, bool) {
	for e := range f.results {
		if f.o.Glob != "" {
			if ok, _ := path.Match(f.o.Glob, ID(e["name"])); !ok {
				continue
			}
		}
		if f.o.Match != nil {
			ok, err := f.o.Match(e)
			if err != nil {
				f.setErr(err)
				f.Close()
				return nil, false
			}
			if !ok {
				continue
			}
		}
		return e, true
	}
	return nil, false
}

// Err returns what stopped the walk early, nil after a complete walk or Close.
func (f *Finder) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Close stops the walk; Next then returns false.
func (f *Finder) Close() {
	f.cancel()
	for range f.results { // drained: the workers end
	}
}
