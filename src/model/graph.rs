//! The link graph between events: a topological order for the engine, and the events of a cycle
//! for an error message. Links whose ends are unknown, and links from an event to itself, are
//! skipped here; validation reports them (a self-link would otherwise be reported twice, once
//! more as a one-event cycle).

use super::scenario::Scenario;
use std::collections::{BTreeMap, VecDeque};

/// Events (by index) in an order where every link's source comes before its target, or the
/// indices of one cycle (`a, b, c` for `a → b → c → a`) if there is none.
pub fn topological_order(scenario: &Scenario) -> Result<Vec<usize>, Vec<usize>> {
    let n = scenario.events.len();
    let edges: Vec<(usize, usize)> = edges(scenario).into_iter().filter(|(from, to)| from != to).collect();
    let mut indegree = vec![0usize; n];
    let mut successors = vec![Vec::new(); n];
    for &(from, to) in &edges {
        indegree[to] += 1;
        successors[from].push(to);
    }
    // Ties keep file order, so the order is stable and readable.
    let mut ready: VecDeque<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_front() {
        order.push(i);
        for &next in &successors[i] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                ready.push_back(next);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every event left with in-degree > 0 has a predecessor that is also left, so walking
    // predecessors among them must revisit one: that walk is a cycle (in reverse).
    let mut predecessors = vec![Vec::new(); n];
    for &(from, to) in &edges {
        predecessors[to].push(from);
    }
    let stuck = |i: usize| indegree[i] > 0;
    let Some(start) = (0..n).find(|&i| stuck(i)) else {
        return Ok(order);
    };
    let mut seen_at = vec![None; n];
    let mut walk = Vec::new();
    let mut node = start;
    while seen_at[node].is_none() {
        seen_at[node] = Some(walk.len());
        walk.push(node);
        match predecessors[node].iter().copied().find(|&p| stuck(p)) {
            Some(previous) => node = previous,
            None => break,
        }
    }
    let first = seen_at[node].unwrap_or(0);
    let mut cycle = walk[first..].to_vec();
    cycle.reverse();
    // Start the cycle at the event listed first in the file, so messages are stable.
    if let Some(min_at) = cycle.iter().enumerate().min_by_key(|&(_, &e)| e).map(|(at, _)| at) {
        cycle.rotate_left(min_at);
    }
    Err(cycle)
}

/// Link ends as event indices, for links whose both ends exist.
pub fn edges(scenario: &Scenario) -> Vec<(usize, usize)> {
    let index: BTreeMap<&str, usize> =
        scenario.events.iter().enumerate().rev().map(|(i, e)| (e.id.as_str(), i)).collect();
    scenario
        .links
        .iter()
        .filter_map(|link| Some((*index.get(link.from.as_str())?, *index.get(link.to.as_str())?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Id, Likelihood, Link, Odds};

    fn scenario(events: &[&str], links: &[(&str, &str)]) -> Scenario {
        let mut s = Scenario::new("graph");
        s.events = events
            .iter()
            .map(|id| Event {
                id: Id::new(*id).unwrap(),
                name: String::new(),
                kind: Default::default(),
                likelihood: Likelihood::default(),
                regions: Default::default(),
                markets: Default::default(),
                notes: None,
                criterion: None,
                resolution: None,
            })
            .collect();
        s.links = links
            .iter()
            .map(|(from, to)| Link {
                from: Id::new(*from).unwrap(),
                to: Id::new(*to).unwrap(),
                odds: Odds::new(2.0).unwrap(),
                notes: None,
            })
            .collect();
        s
    }

    #[test]
    fn sources_come_before_targets() {
        let s = scenario(&["c", "b", "a"], &[("a", "b"), ("b", "c")]);
        assert_eq!(topological_order(&s), Ok(vec![2, 1, 0]));
    }

    #[test]
    fn unlinked_events_keep_file_order() {
        let s = scenario(&["x", "y", "z"], &[]);
        assert_eq!(topological_order(&s), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn a_cycle_is_named_from_its_first_event() {
        // d hangs below the cycle: it is stuck too, but it is not part of the cycle.
        let s = scenario(&["a", "b", "c", "d"], &[("b", "c"), ("c", "a"), ("a", "b"), ("c", "d")]);
        assert_eq!(topological_order(&s), Err(vec![0, 1, 2]));
    }

    #[test]
    fn a_node_downstream_of_a_cycle_still_finds_the_cycle() {
        let s = scenario(&["tail", "p", "q"], &[("p", "q"), ("q", "p"), ("q", "tail")]);
        assert_eq!(topological_order(&s), Err(vec![1, 2]));
    }
}
