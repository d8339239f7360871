//! The account's limits and usage (`account/rateLimits/read`, `account/usage/read`). Both need
//! a ChatGPT login: with an API key, or none, the server answers -32600 (`Status::Rpc`).

use super::client::Client;
use crate::error::Result;
use crate::protocol::methods;
use crate::protocol::params::{Empty, GetAccountTokenUsageParams};
use crate::protocol::responses::{
    GetAccountRateLimitsResponse, GetAccountTokenUsageResponse, Response,
};

impl Client {
    /// The account's rate limits (`account/rateLimits/read`): used percent, window and reset
    /// time of the primary and secondary windows; the JSON has the per-limit view too.
    pub async fn rate_limits(&self) -> Result<Response<GetAccountRateLimitsResponse>> {
        self.session
            .conn
            .call_method::<methods::AccountRateLimitsRead>(&Empty {})
            .await
    }

    /// The account's token usage (`account/usage/read`): lifetime and peak tokens, streaks,
    /// daily buckets; with `thread_id`, the JSON also estimates that thread's usage.
    pub async fn account_usage(
        &self,
        thread_id: Option<&str>,
    ) -> Result<Response<GetAccountTokenUsageResponse>> {
        let p = GetAccountTokenUsageParams { thread_id };
        self.session
            .conn
            .call_method::<methods::AccountUsageRead>(&p)
            .await
    }
}
