//! Independent work spread over threads, results in input order.
//!
//! A long history is ninety passes to read and ninety diffs to make, each
//! independent of the others; on a CI runner's cores that is most of the
//! wall time saved. The caller says how many threads: the core never asks
//! the machine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `(0..n).map(f).collect()`, computed by up to `workers` threads. Items are
/// handed out one at a time, so uneven items (a large pass among small
/// ones) still spread evenly.
pub fn map<T: Send>(n: usize, workers: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    map_with(n, workers, || (), |_, i| f(i))
}

/// Frees `value` on a thread of its own when there are `workers` to spare:
/// freeing the many small allocations of a long history one by one takes
/// a while, and nothing waits for it. The process may end before it is done.
pub fn drop_beside<T: Send + 'static>(value: T, workers: usize) {
    if workers > 1 {
        std::thread::spawn(move || drop(value));
    }
}

/// `map` where each thread first builds its own state with `init` (a
/// handle that cannot be shared between threads, such as a repository).
pub fn map_with<S, T: Send>(
    n: usize,
    workers: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    spread(n, workers, init, f, |_| {
        let i = next.fetch_add(1, Ordering::Relaxed);
        (i < n).then_some(i)
    })
}

/// `map_with` where each thread takes neighbouring items, one after the
/// other: a thread whose state remembers what it read (the passes of an
/// audit, read in order) finds more of it in the item just before. The
/// items are cut into one stretch per two threads; of each stretch, one
/// thread takes items from the front and the other from the back, until
/// they meet, so however uneven the items, neither waits for the other.
pub fn map_neighbours<S, T: Send>(
    n: usize,
    workers: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    let stretches = workers.min(n).div_ceil(2).max(1);
    // Each stretch's next items from the front and from the back (exclusive).
    let bounds: Vec<Mutex<(usize, usize)>> = (0..stretches)
        .map(|k| Mutex::new((n * k / stretches, n * (k + 1) / stretches)))
        .collect();
    spread(n, workers, init, f, |w| {
        let mut b = bounds[w / 2].lock().unwrap_or_else(|e| e.into_inner());
        if b.0 >= b.1 {
            None
        } else if w % 2 == 1 {
            b.1 -= 1;
            Some(b.1)
        } else {
            b.0 += 1;
            Some(b.0 - 1)
        }
    })
}

/// `(0..n).map(f)` on up to `workers` threads, each with its own state,
/// thread `w` taking the items `take(w)` hands it until it hands none:
/// every index below `n` once, over all threads.
fn spread<S, T: Send>(
    n: usize,
    workers: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize) -> T + Sync,
    take: impl Fn(usize) -> Option<usize> + Sync,
) -> Vec<T> {
    let workers = workers.min(n);
    if workers <= 1 {
        let mut state = init();
        return (0..n).map(|i| f(&mut state, i)).collect();
    }
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (init, f, take) = (&init, &f, &take);
                scope.spawn(move || {
                    let mut state = init();
                    let mut done = Vec::new();
                    while let Some(i) = take(w) {
                        done.push((i, f(&mut state, i)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            // A worker that panicked hit a bug: let it surface as the panic it is.
            let done = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, t) in done {
                slots[i] = Some(t);
            }
        }
    });
    slots
        .into_iter()
        .map(|s| s.expect("every index below n was handed out once"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_whatever_the_thread_count() {
        let want: Vec<usize> = (0..1000).map(|i| i * i).collect();
        for workers in [0, 1, 2, 7, 5000] {
            assert_eq!(map(1000, workers, |i| i * i), want, "{workers} workers");
        }
        assert!(map(0, 4, |i| i).is_empty());
    }

    #[test]
    fn state_is_built_once_per_thread() {
        let inits = AtomicUsize::new(0);
        let out = map_with(
            100,
            3,
            || {
                inits.fetch_add(1, Ordering::Relaxed);
                0usize
            },
            |seen, i| {
                *seen += 1;
                i
            },
        );
        assert_eq!(out, (0..100).collect::<Vec<_>>());
        assert!((1..=3).contains(&inits.load(Ordering::Relaxed)));
    }

    #[test]
    fn uses_more_than_one_thread_when_asked() {
        let ids = map(64, 4, |_| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().id()
        });
        let distinct: std::collections::HashSet<_> = ids.into_iter().collect();
        assert!(distinct.len() > 1, "all work ran on one thread");
    }

    #[test]
    fn each_thread_takes_neighbouring_items_in_input_order_out() {
        for (n, workers) in [
            (0, 2),
            (1, 2),
            (2, 2),
            (3, 2),
            (92, 2),
            (92, 3),
            (92, 4),
            (10, 5000),
        ] {
            // Each thread's state is the list of items it took, in the order taken.
            let out = map_neighbours(n, workers, Vec::new, |taken: &mut Vec<usize>, i| {
                if i % 7 == 0 {
                    // Uneven items: the thread at the other end takes more.
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                taken.push(i);
                (i, taken.clone())
            });
            assert_eq!(
                out.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>(),
                "{n} items, {workers} workers"
            );
            for (i, taken) in &out {
                // After its first item, a thread took the neighbour of its last.
                if let [.., before, last] = taken[..] {
                    assert_eq!(last, *i);
                    assert_eq!(
                        before.abs_diff(last),
                        1,
                        "{n} items, {workers} workers: {taken:?}"
                    );
                }
            }
        }
    }
}
