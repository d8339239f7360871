//! A thread's goal (`thread/goal/*`): the server drives turns toward it until it is complete,
//! paused, or out of budget.

use super::thread::Thread;
use crate::error::{Error, Result};
use crate::protocol::methods;
use crate::protocol::params::{self, ThreadGoalSetParams};
use crate::protocol::responses::{Response, ThreadGoal, ThreadGoalStatus};

impl Thread {
    /// Sets or updates the goal (`thread/goal/set`): `None` / `Other` leave a field as it is.
    /// A `token_budget` stops the goal (status `BudgetLimited`) once its turns used that many
    /// tokens. An active goal starts turns on its own; they arrive as the thread's events.
    pub async fn goal_set(
        &self,
        objective: Option<&str>,
        token_budget: Option<i64>,
        status: ThreadGoalStatus,
    ) -> Result<Response<ThreadGoal>> {
        if objective.is_some_and(|o| o.trim().is_empty()) {
            return Err(Error::invalid("objective is empty"));
        }
        if token_budget.is_some_and(|b| b < 0) {
            return Err(Error::invalid("token_budget is negative"));
        }
        let p = ThreadGoalSetParams {
            thread_id: self.id(),
            objective,
            token_budget,
            status: status.wire(),
        };
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadGoalSet>(&p)
            .await?;
        Ok(Response {
            value: r.value.goal,
            raw_json: r.raw_json,
        })
    }

    /// The goal (`thread/goal/get`), `None` when the thread has none.
    pub async fn goal(&self) -> Result<Option<Response<ThreadGoal>>> {
        let p = params::ThreadArchiveParams {
            thread_id: self.id(),
        };
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadGoalGet>(&p)
            .await?;
        Ok(r.value.goal.map(|g| Response {
            value: g,
            raw_json: r.raw_json,
        }))
    }

    /// Removes the goal (`thread/goal/clear`): whether there was one.
    pub async fn goal_clear(&self) -> Result<bool> {
        let p = params::ThreadArchiveParams {
            thread_id: self.id(),
        };
        Ok(self
            .session
            .conn
            .call_method::<methods::ThreadGoalClear>(&p)
            .await?
            .value
            .cleared)
    }
}
