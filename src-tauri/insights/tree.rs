//! Who referred whom: the network's growth as a tree, the people the user found on their
//! own at the roots, each referral under the person who gave it.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::contacts::Stage;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub id: i64,
    pub full_name: String,
    pub organization: String,
    pub stage: Stage,
    /// Everyone referred from here on, at any depth.
    pub descendants: usize,
    pub children: Vec<Branch>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferralTree {
    /// The people who led to others, the biggest growth first.
    pub roots: Vec<Branch>,
    /// People in the tree, and of them those drawn (a tree past [`TREE_MAX`] people or
    /// [`DEPTH_MAX`] levels is cut, the rest counted).
    pub people: usize,
    pub shown: usize,
    /// Referrals made: people referred by someone in the log.
    pub referrals: usize,
    /// People found on their own who have not led to anyone yet.
    pub on_their_own: usize,
}

/// People a tree draws at most; more is a wall, and the figures above say the rest.
pub const TREE_MAX: usize = 400;
/// Levels drawn at most.
pub const DEPTH_MAX: usize = 40;

struct Person {
    name: String,
    organization: String,
    stage: Stage,
    referred_by: Option<i64>,
}

/// Everyone referred and everyone who referred, found along the index of referrers: most
/// of a large log is neither.
pub(super) const PEOPLE_SQL: &str =
    "SELECT c.id, c.full_name, coalesce(o.name, ''), c.stage, c.referred_by_id
     FROM (SELECT DISTINCT id FROM (
               SELECT r.id FROM contacts r WHERE r.referred_by_id IS NOT NULL
               UNION ALL SELECT r.referred_by_id FROM contacts r WHERE r.referred_by_id IS NOT NULL)) AS t
     CROSS JOIN contacts c ON c.id = t.id
     LEFT JOIN organizations o ON o.id = c.organization_id
     ORDER BY c.full_name COLLATE NOCASE, c.id";

/// The tree of everyone referred and everyone who referred, over the whole log.
pub fn referral_tree(conn: &Connection) -> Result<ReferralTree> {
    let mut stmt = conn.prepare_cached(PEOPLE_SQL)?;
    let people: Vec<(i64, Person)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Person {
                    name: r.get(1)?,
                    organization: r.get(2)?,
                    stage: r.get(3)?,
                    referred_by: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Everyone else: neither referred nor referring.
    let on_their_own = (crate::contacts::count(conn)? as usize).saturating_sub(people.len());

    let by_id: HashMap<i64, &Person> = people.iter().map(|(id, p)| (*id, p)).collect();
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, p) in &people {
        if let Some(referrer) = p.referred_by {
            children.entry(referrer).or_default().push(*id);
        }
    }
    // Roots: the people no one referred; then, for referrals that go round in a circle
    // (each edited to name the other), one person on each circle. Each tree is sized first,
    // so the biggest are drawn and a cut drops whole small trees, not the large ones.
    let mut sized: HashSet<i64> = HashSet::new();
    let mut starts: Vec<(i64, usize)> = Vec::new();
    for (id, _) in people.iter().filter(|(_, p)| p.referred_by.is_none()) {
        starts.push((*id, count(*id, &children, &mut sized)));
    }
    for (id, _) in &people {
        if !sized.contains(id) {
            let on_circle = circle_from(*id, &by_id);
            starts.push((on_circle, count(on_circle, &children, &mut sized)));
        }
    }
    starts.sort_by_key(|&(_, size)| std::cmp::Reverse(size));
    let mut seen: HashSet<i64> = HashSet::new();
    let mut budget = Budget { left: TREE_MAX };
    let mut roots = Vec::new();
    for (root, _) in starts {
        if budget.left == 0 {
            break;
        }
        roots.push(grow(root, 0, &by_id, &children, &mut seen, &mut budget));
    }
    Ok(ReferralTree {
        people: people.len(),
        shown: TREE_MAX - budget.left,
        referrals: people
            .iter()
            .filter(|(_, p)| p.referred_by.is_some())
            .count(),
        on_their_own,
        roots,
    })
}

struct Budget {
    left: usize,
}

/// The branch from `id` down, each person once; past the budget or the depth only counted.
fn grow(
    id: i64,
    depth: usize,
    by_id: &HashMap<i64, &Person>,
    children: &HashMap<i64, Vec<i64>>,
    seen: &mut HashSet<i64>,
    budget: &mut Budget,
) -> Branch {
    seen.insert(id);
    budget.left = budget.left.saturating_sub(1);
    let p = by_id[&id];
    let mut branch = Branch {
        id,
        full_name: p.name.clone(),
        organization: p.organization.clone(),
        stage: p.stage,
        descendants: 0,
        children: Vec::new(),
    };
    for &child in children.get(&id).map(Vec::as_slice).unwrap_or_default() {
        if seen.contains(&child) {
            continue;
        }
        if budget.left == 0 || depth + 1 >= DEPTH_MAX {
            branch.descendants += count(child, children, seen);
            continue;
        }
        let grown = grow(child, depth + 1, by_id, children, seen, budget);
        branch.descendants += 1 + grown.descendants;
        branch.children.push(grown);
    }
    branch
}

/// A person on the circle `id` hangs from: their referrer's referrer's … until one comes
/// round again.
fn circle_from(id: i64, by_id: &HashMap<i64, &Person>) -> i64 {
    let mut met = HashSet::new();
    let mut at = id;
    while met.insert(at) {
        match by_id.get(&at).and_then(|p| p.referred_by) {
            Some(referrer) => at = referrer,
            None => break,
        }
    }
    at
}

/// Everyone from `id` down, not drawn; iterative, however deep.
fn count(id: i64, children: &HashMap<i64, Vec<i64>>, seen: &mut HashSet<i64>) -> usize {
    let mut stack = vec![id];
    let mut n = 0;
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        n += 1;
        stack.extend(children.get(&id).into_iter().flatten().copied());
    }
    n
}
