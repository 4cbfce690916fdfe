//! The use cases: the one place that combines the store, the importers, the exporters and the
//! domain's rules. `commands/` (the command line) and `tui/` (the event loop) call these; they
//! never reach the store or the files themselves.
//!
//! - [`backup`]: the checked copies of the database, and restoring one.
//! - [`bootstrap`]: settings, the data folder and its writer lock, the store opened and the
//!   bundled materials, banks and plans synced.
//! - [`quiz`]: the quiz menu and starting a session (banks, papers, history).
//! - [`attempt`]: an attempt made a session again, and why a session could not start.
//! - [`exam`]: an open exam: its menu line, handing it in at its deadline, and what stays
//!   closed while it runs.
//! - [`branch_spill`]: where `branch report` keeps what it remembers of each event (on disk).
//! - [`report`]: the study log loaded once, and what is computed from it (stats, plans'
//!   checklists, exports).
//! - [`errors`]: what the member is told when something fails, in their language.
//! - [`files`]: writing a file so it is never left half-written.
//! - [`lrs`]: posting the xAPI statements to a learning record store (the one network call).
//! - [`pack`]: study packs built from a trainer's folder and imported whole.
//! - [`import`]: materials, banks and plans from files: one pipeline, all or nothing.
//! - [`profiles`]: the profiles on a shared computer's data folder, for the picker at start.

pub mod attempt;
pub mod backup;
pub mod bootstrap;
pub mod branch_spill;
pub mod errors;
pub mod exam;
pub mod files;
pub mod import;
pub mod lrs;
pub mod pack;
pub mod profiles;
pub mod quiz;
pub mod report;
pub mod settings;
