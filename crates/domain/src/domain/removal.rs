//! What may be removed, and by whom: the member removes only what they made in the app; a
//! trainer (the command line) removes what was imported; nothing bundled goes (it comes back
//! at every start). The store asks these before it deletes.

use super::material::Origin;
use super::plan::PlanOrigin;

/// Who asks for the removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The member, in the app: only what they made there.
    Member,
    /// The command line (a trainer's tool): anything not bundled.
    Trainer,
}

/// The answer to a removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Not the asker's to remove (a trainer's or the bundle's plan, asked by the member).
    NotTheirs,
    /// Bundled: it would come back at the next start.
    Bundled,
}

/// May `who` remove (or, the member, rename) a plan of this origin?
pub fn plan(origin: PlanOrigin, who: Who) -> Verdict {
    match (origin, who) {
        (PlanOrigin::Member, _) => Verdict::Allowed,
        (_, Who::Member) => Verdict::NotTheirs,
        (PlanOrigin::Bundled, Who::Trainer) => Verdict::Bundled,
        (PlanOrigin::User, Who::Trainer) => Verdict::Allowed,
    }
}

/// May the member remove a plan's item? Only one they added (`by_member`); its ticks stay in
/// the study log.
pub fn plan_item(by_member: bool) -> Verdict {
    if by_member {
        Verdict::Allowed
    } else {
        Verdict::NotTheirs
    }
}

/// May a material of this origin be removed? Not a bundled one.
pub fn material(origin: Origin) -> Verdict {
    match origin {
        Origin::Bundled => Verdict::Bundled,
        Origin::User => Verdict::Allowed,
    }
}

/// What becomes of a bundled material that left the bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftBundle {
    /// The member read in it (progress or reading time): kept, readable, no longer bundled.
    Retire,
    /// Never opened: removed.
    Remove,
}

/// A bundled material left the bundle; `started`: the member has progress or reading time
/// in it.
pub fn left_bundle(started: bool) -> LeftBundle {
    if started {
        LeftBundle::Retire
    } else {
        LeftBundle::Remove
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_removes_only_their_own_plans_and_items() {
        assert_eq!(plan(PlanOrigin::Member, Who::Member), Verdict::Allowed);
        assert_eq!(plan(PlanOrigin::User, Who::Member), Verdict::NotTheirs);
        assert_eq!(plan(PlanOrigin::Bundled, Who::Member), Verdict::NotTheirs);
        assert_eq!(plan_item(true), Verdict::Allowed);
        assert_eq!(plan_item(false), Verdict::NotTheirs);
    }

    #[test]
    fn nothing_bundled_goes() {
        assert_eq!(plan(PlanOrigin::Bundled, Who::Trainer), Verdict::Bundled);
        assert_eq!(plan(PlanOrigin::User, Who::Trainer), Verdict::Allowed);
        assert_eq!(plan(PlanOrigin::Member, Who::Trainer), Verdict::Allowed);
        assert_eq!(material(Origin::Bundled), Verdict::Bundled);
        assert_eq!(material(Origin::User), Verdict::Allowed);
    }

    #[test]
    fn a_material_gone_from_the_bundle_stays_when_the_member_read_in_it() {
        assert_eq!(left_bundle(true), LeftBundle::Retire);
        assert_eq!(left_bundle(false), LeftBundle::Remove);
    }
}
