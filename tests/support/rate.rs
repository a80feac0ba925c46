//! Rates as the vendor would count them, from the mock's request log.

/// The most arrivals within any one second, given arrival times in milliseconds in the order
/// they arrived (the mock's request log).
pub fn busiest_second(arrivals: &[u64]) -> usize {
    (0..arrivals.len())
        .map(|i| {
            arrivals[i..]
                .iter()
                .take_while(|t| **t < arrivals[i] + 1_000)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_second_counts_a_window_from_each_arrival() {
        assert_eq!(busiest_second(&[]), 0);
        assert_eq!(busiest_second(&[0, 500, 999, 1_000, 1_999]), 3);
        assert_eq!(busiest_second(&[0, 1_000, 2_000]), 1);
    }
}
