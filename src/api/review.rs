//! Reviews (`review/start`): the review runs as a turn of the thread, returned as a [`Turn`].

use super::thread::Thread;
use super::turn::Turn;
use crate::error::{Error, Result};
use crate::protocol::methods;
use crate::protocol::params::{ReviewDelivery, ReviewStartParams, ReviewTarget, ReviewTargetKind};

impl Thread {
    /// Starts a review of `target` on this thread: uncommitted changes (`value` unused), a base
    /// branch (`value` = the branch), a commit (`value` = its sha) or custom instructions
    /// (`value` = the instructions). Its turn comes back as a [`Turn`]; the review's text is the
    /// `exitedReviewMode` item's, and the turn's final response.
    ///
    /// `ReviewDelivery::Detached` (deprecated) asks for a new thread instead: app-server 0.163
    /// refuses it on its own threads (`Status::Rpc`, -32600 "paginated threads do not support
    /// detached review") and 0.171 removes it.
    pub async fn review(
        &self,
        target: ReviewTargetKind,
        value: Option<&str>,
        delivery: ReviewDelivery,
    ) -> Result<Turn> {
        let need = |what: &str| -> Result<&str> {
            match value {
                Some(v) if !v.trim().is_empty() => Ok(v),
                _ => Err(Error::invalid(format!("this review target needs {what}"))),
            }
        };
        let target = match target {
            ReviewTargetKind::UncommittedChanges => ReviewTarget::UncommittedChanges,
            ReviewTargetKind::BaseBranch => ReviewTarget::BaseBranch {
                branch: need("a branch")?,
            },
            ReviewTargetKind::Commit => ReviewTarget::Commit {
                sha: need("a commit sha")?,
            },
            ReviewTargetKind::Custom => ReviewTarget::Custom {
                instructions: need("instructions")?,
            },
        };
        let p = ReviewStartParams {
            thread_id: self.id(),
            target,
            delivery: (delivery == ReviewDelivery::Detached).then_some(delivery),
        };
        self.start_turn_with(|| async {
            let r = self
                .session
                .conn
                .call_method::<methods::ReviewStart>(&p)
                .await?;
            Ok((r.value.turn.id, r.value.review_thread_id))
        })
        .await
    }
}
