//! A turn's interrupt: asked for at any moment, sent once the server has activated the turn.
//!
//! The server accepts `turn/interrupt` only once the turn is active (after its `turn/started`,
//! which arrives a few ms after the `turn/start` response). An interrupt asked for before that is
//! held here and sent by the dispatcher when `turn/started` arrives; one already sent is not sent
//! again (app-server 0.163 never answers a second one).

use super::{LogInner, TurnLog};

/// Where a turn's interrupt stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum InterruptState {
    #[default]
    None,
    /// Asked for before `turn/started`: sent when it arrives.
    Held,
    /// Sent (or being sent) to the server.
    Sent,
}

/// What the caller of [`TurnLog::request_interrupt`] has to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InterruptAction {
    /// The turn has ended: nothing to interrupt.
    Ended,
    /// The turn is active: send `turn/interrupt` now.
    SendNow,
    /// Held until `turn/started` (the dispatcher sends it), or already sent: nothing to do.
    Nothing,
}

impl TurnLog {
    /// Asks for the turn to be interrupted (see the module docs for when it is sent).
    pub(crate) fn request_interrupt(&self) -> InterruptAction {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_some() {
            return InterruptAction::Ended;
        }
        match inner.interrupt {
            InterruptState::Held | InterruptState::Sent => InterruptAction::Nothing,
            InterruptState::None if inner.started_seen => {
                inner.interrupt = InterruptState::Sent;
                InterruptAction::SendNow
            }
            InterruptState::None => {
                inner.interrupt = InterruptState::Held;
                InterruptAction::Nothing
            }
        }
    }

    /// An interrupt was asked for and the turn has not ended yet: the server may still count
    /// it as the thread's active turn, and a `turn/start` now would join it.
    pub(crate) fn is_stopping(&self) -> bool {
        let inner = self.inner.lock().unwrap();
        inner.outcome.is_none() && inner.interrupt != InterruptState::None
    }

    /// A `turn/interrupt` sent now failed: a later request may send it again.
    pub(crate) fn interrupt_failed(&self) {
        let mut inner = self.inner.lock().unwrap();
        if inner.interrupt == InterruptState::Sent {
            inner.interrupt = InterruptState::None;
        }
    }
}

impl LogInner {
    /// `turn/started` arrived: the turn is active. Returns whether a held interrupt is now due.
    pub(super) fn mark_started(&mut self) -> bool {
        self.started_seen = true;
        if self.interrupt == InterruptState::Held {
            self.interrupt = InterruptState::Sent;
            return true;
        }
        false
    }
}
