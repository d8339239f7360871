//! Thread history and management: paged lists (threads, loaded threads, a thread's turns and
//! items), delete, unsubscribe, revert, metadata update, item injection.

use super::client::Client;
use super::thread::Thread;
use crate::error::{Error, Result};
use crate::protocol::json::{self, Embedding};
use crate::protocol::responses::{PageView, Response, ThreadUnsubscribeStatus};
use crate::protocol::{methods, params};
use serde_json::Value;

/// One page of a paged list: its items (raw JSON, one per entry) and the cursor of the next
/// page (`None` on the last one). Pass `next_cursor` back to get the next page.
#[derive(Debug, Clone)]
pub struct Page {
    pub items_json: Vec<String>,
    pub next_cursor: Option<String>,
    pub raw_json: String,
}

impl From<Response<PageView>> for Page {
    fn from(r: Response<PageView>) -> Page {
        Page {
            items_json: r.value.data.iter().map(|i| i.get().to_owned()).collect(),
            next_cursor: r.value.next_cursor.clone(),
            raw_json: r.raw_json,
        }
    }
}

/// Where a page starts and how long it is (`limit` 0 = the server's default).
fn paging(cursor: Option<&str>, limit: u32) -> Vec<(&'static str, Value)> {
    let mut fields = Vec::new();
    if let Some(c) = cursor {
        fields.push(("cursor", Value::from(c)));
    }
    if limit > 0 {
        fields.push(("limit", Value::from(limit)));
    }
    fields
}

impl Client {
    /// One page of `thread/list` (`ThreadListParams` JSON for filters and sort, `None` = all).
    pub async fn thread_list_page(
        &self,
        params: Option<&str>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page> {
        if let Some(p) = params {
            json::validate(p, "params", Embedding::MessageField)?;
        }
        let body = params::Merged(params::merge(params, &paging(cursor, limit))?);
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadList>(&body)
            .await?;
        // thread/list's typed response is ThreadListResponse; a page is the same data.
        let view: PageView = serde_json::from_str(&r.raw_json)
            .map_err(|e| Error::internal(format!("unexpected thread/list result: {e}")))?;
        Ok(Page::from(Response {
            value: view,
            raw_json: r.raw_json,
        }))
    }

    /// One page of the ids of the threads loaded in the server's memory (`thread/loaded/list`);
    /// each item is a JSON string.
    pub async fn loaded_threads(&self, cursor: Option<&str>, limit: u32) -> Result<Page> {
        let body = params::Merged(params::merge(None, &paging(cursor, limit))?);
        Ok(self
            .session
            .conn
            .call_method::<methods::ThreadLoadedList>(&body)
            .await?
            .into())
    }

    /// Deletes a stored thread (`thread/delete`).
    pub async fn thread_delete(&self, thread_id: &str) -> Result<()> {
        let p = params::ThreadArchiveParams { thread_id };
        self.session
            .conn
            .call_method::<methods::ThreadDelete>(&p)
            .await
            .map(|_| ())
    }
}

impl Thread {
    /// One page of this thread's turns (`thread/turns/list`), oldest first.
    pub async fn turns_page(&self, cursor: Option<&str>, limit: u32) -> Result<Page> {
        let mut fields = paging(cursor, limit);
        fields.push(("threadId", Value::from(self.id())));
        let body = params::Merged(params::merge(None, &fields)?);
        Ok(self
            .session
            .conn
            .call_method::<methods::ThreadTurnsList>(&body)
            .await?
            .into())
    }

    /// One page of this thread's items (`thread/items/list`), of one turn or of all.
    pub async fn items_page(
        &self,
        turn_id: Option<&str>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page> {
        let mut fields = paging(cursor, limit);
        fields.push(("threadId", Value::from(self.id())));
        if let Some(t) = turn_id {
            fields.push(("turnId", Value::from(t)));
        }
        let body = params::Merged(params::merge(None, &fields)?);
        Ok(self
            .session
            .conn
            .call_method::<methods::ThreadItemsList>(&body)
            .await?
            .into())
    }

    /// Stops receiving this thread's events on this connection (`thread/unsubscribe`).
    pub async fn unsubscribe(&self) -> Result<ThreadUnsubscribeStatus> {
        let p = params::ThreadArchiveParams {
            thread_id: self.id(),
        };
        Ok(self
            .session
            .conn
            .call_method::<methods::ThreadUnsubscribe>(&p)
            .await?
            .value
            .status)
    }

    /// Drops the turn `before_turn_id` and every later one (`thread/revert`).
    pub async fn revert(&self, before_turn_id: &str) -> Result<()> {
        if before_turn_id.is_empty() {
            return Err(Error::invalid("before_turn_id is empty"));
        }
        let p = params::ThreadRevertParams {
            thread_id: self.id(),
            before_turn_id,
        };
        self.session
            .conn
            .call_method::<methods::ThreadRevert>(&p)
            .await
            .map(|_| ())
    }

    /// Updates the thread's metadata (`ThreadMetadataUpdateParams` JSON without `threadId`,
    /// e.g. `{"projectId":"p1"}`).
    pub async fn update_metadata(&self, metadata_json: &str) -> Result<()> {
        json::validate(metadata_json, "metadata", Embedding::MessageField)?;
        let body = params::Merged(params::merge(
            Some(metadata_json),
            &[("threadId", Value::from(self.id()))],
        )?);
        self.session
            .conn
            .call_method::<methods::ThreadMetadataUpdate>(&body)
            .await
            .map(|_| ())
    }

    /// Adds items to the thread's history without a turn (`thread/inject_items`; `items_json`
    /// is a JSON array of response items).
    pub async fn inject_items(&self, items_json: &str) -> Result<()> {
        json::validate(items_json, "items", Embedding::ParamsField)?;
        if !items_json.trim_start().starts_with('[') {
            return Err(Error::invalid("items must be a JSON array"));
        }
        let p = params::ThreadInjectItemsParams {
            thread_id: self.id(),
            items: params::raw(items_json)?,
        };
        self.session
            .conn
            .call_method::<methods::ThreadInjectItems>(&p)
            .await
            .map(|_| ())
    }
}
