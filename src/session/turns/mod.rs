//! Turns on the session side: each turn's event log (owner of all of a turn's state), the
//! registry that maps turn ids to logs, and the idle watchdog.

pub(crate) mod interrupt;
pub(crate) mod log;
pub(crate) mod registry;
pub(crate) mod watchdog;
