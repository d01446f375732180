//! Independent work spread over threads, results in input order.
//!
//! A long history is ninety passes to read and ninety diffs to make, each
//! independent of the others; on a CI runner's cores that is most of the
//! wall time saved. The caller says how many threads: the core never asks
//! the machine.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `(0..n).map(f).collect()`, computed by up to `workers` threads. Items are
/// handed out one at a time, so uneven items (a large pass among small
/// ones) still spread evenly.
pub fn map<T: Send>(n: usize, workers: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let workers = workers.min(n);
    if workers <= 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        done.push((i, f(i)));
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
    fn uses_more_than_one_thread_when_asked() {
        let ids = map(64, 4, |_| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().id()
        });
        let distinct: std::collections::HashSet<_> = ids.into_iter().collect();
        assert!(distinct.len() > 1, "all work ran on one thread");
    }
}
