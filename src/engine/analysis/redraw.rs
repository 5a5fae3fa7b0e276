//! Which events an intervention can reach, and redrawing a trial's events under it: the
//! intervened event's group, then the steps downstream whose sources changed, from the trial's
//! own uniforms (common random numbers).

use crate::engine::compile::Compiled;
use crate::engine::draw::{self, Decisions, Force, pick_member};

/// What an intervention on an event can reach through links.
pub(super) struct Downstream {
    /// Per event: the steps (in order) to redraw when it is intervened on — its own, if it is
    /// ungrouped, and every step downstream of it or of its group's members.
    pub(super) affected: Vec<Vec<usize>>,
    /// Per event: the events whose occurrence can change (its group's members and those steps'
    /// events), in index order.
    pub(super) touched: Vec<Vec<usize>>,
    /// Per event: the steps with a link from it.
    pub(super) next_steps: Vec<Vec<usize>>,
}

pub(super) fn downstream(p: &Compiled) -> Downstream {
    let mut successors = vec![Vec::new(); p.events];
    let mut next_steps = vec![Vec::new(); p.events];
    for (position, step) in p.steps.iter().enumerate() {
        for link in &p.incoming[step.links.clone()] {
            successors[link.source].push(step.event);
            next_steps[link.source].push(position);
        }
    }
    let mut affected = Vec::with_capacity(p.events);
    let mut touched = Vec::with_capacity(p.events);
    for e in 0..p.events {
        let roots: Vec<usize> = match p.group_of[e] {
            Some(g) => p.groups[g].members.clone(),
            None => vec![e],
        };
        let mut seen = vec![false; p.events];
        let mut stack = roots.clone();
        for &r in &roots {
            seen[r] = true;
        }
        while let Some(x) = stack.pop() {
            for &next in &successors[x] {
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        let mut steps: Vec<usize> = (0..p.events).filter(|&x| seen[x]).filter_map(|x| p.step_of[x]).collect();
        steps.sort_unstable();
        affected.push(steps);
        touched.push((0..p.events).filter(|&x| seen[x]).collect());
    }
    Downstream { affected, touched, next_steps }
}

/// Redraws a trial's events under `force` into `world`, starting from the plain run's `flags`:
/// the intervened event's group (if any), then the steps downstream, from the trial's uniforms.
/// With `prune`, a step none of whose sources changed keeps the plain run's draw (the same
/// uniform on the same inputs): only the steps marked in `pending` are drawn again.
#[allow(clippy::too_many_arguments)]
pub(super) fn redraw(
    p: &Compiled,
    d: &Decisions,
    down: &Downstream,
    force: Force,
    flags: &[u8],
    world: &mut [u8],
    pending: &mut [bool],
    prune: bool,
) {
    world.copy_from_slice(flags);
    let target = match force {
        Force::On(e) | Force::Off(e) | Force::Probability(e, _) => e,
        Force::None => return,
    };
    if let Some(g) = p.group_of[target] {
        let group = &p.groups[g];
        for &m in &group.members {
            world[m] = 0;
        }
        let picked = match force {
            Force::On(e) => Some(e),
            Force::Off(e) => {
                pick_member(&group.members, group.exactly_one, |m| d.probability[m], Some(e), d.group_u[g])
            }
            Force::Probability(e, q) => pick_member(
                &group.members,
                group.exactly_one,
                |m| if m == e { q } else { d.probability[m] },
                None,
                d.group_u[g],
            ),
            Force::None => None,
        };
        if let Some(m) = picked {
            world[m] = 1;
        }
        for &m in group.members.iter().filter(|&&m| world[m] != flags[m]) {
            for &next in &down.next_steps[m] {
                pending[next] = true;
            }
        }
    }
    for &s in &down.affected[target] {
        let step = &p.steps[s];
        let e = step.event;
        if prune && e != target && !pending[s] {
            continue;
        }
        pending[s] = false;
        let q = match force {
            Force::Probability(f, q) if f == e => draw::after_links(p, step, world, q),
            // As in the plain run: from its table when it has one.
            _ => d.step_probability(p, step, world),
        };
        world[e] = match force {
            Force::On(f) if f == e => 1,
            Force::Off(f) if f == e => 0,
            _ => u8::from(d.step_u[s] < q),
        };
        if world[e] != flags[e] {
            for &next in &down.next_steps[e] {
                pending[next] = true;
            }
        }
    }
}
