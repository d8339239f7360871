//! The app-server's configuration: read the effective config, write one value or a batch,
//! read the requirements an administrator set.

use super::client::Client;
use crate::error::{Error, Result};
use crate::protocol::json::{self, Embedding};
use crate::protocol::methods;
use crate::protocol::params::{self, MergeStrategy};
use crate::protocol::responses::{ConfigWriteResponse, Ignored, Response};

impl Client {
    /// `config/read`: the effective config (for `cwd`'s project, if given), as JSON
    /// (`{"config":...,"origins":...}`, plus `layers` when asked for).
    pub async fn config_read(
        &self,
        cwd: Option<&str>,
        include_layers: bool,
    ) -> Result<Response<Ignored>> {
        let p = params::ConfigReadParams {
            cwd,
            include_layers: Some(include_layers),
        };
        self.session
            .conn
            .call_method::<methods::ConfigRead>(&p)
            .await
    }

    /// `config/value/write`: sets `key_path` (dotted, e.g. `"model"` or `"tools.web_search"`)
    /// to `value_json` in the user's config.toml.
    pub async fn config_write(
        &self,
        key_path: &str,
        value_json: &str,
        merge: MergeStrategy,
    ) -> Result<Response<ConfigWriteResponse>> {
        if key_path.is_empty() {
            return Err(Error::invalid("key_path is empty"));
        }
        json::validate(value_json, "value", Embedding::ParamsField)?;
        let p = params::ConfigValueWriteParams {
            key_path,
            merge_strategy: merge,
            value: params::raw(value_json)?,
        };
        self.session
            .conn
            .call_method::<methods::ConfigValueWrite>(&p)
            .await
    }

    /// `config/batchWrite`: `edits_json` is a JSON array of
    /// `{"keyPath":...,"value":...,"mergeStrategy":"upsert"|"replace"}`.
    pub async fn config_batch_write(
        &self,
        edits_json: &str,
    ) -> Result<Response<ConfigWriteResponse>> {
        json::validate(edits_json, "edits", Embedding::ParamsField)?;
        if !edits_json.trim_start().starts_with('[') {
            return Err(Error::invalid("edits must be a JSON array"));
        }
        let p = params::ConfigBatchWriteParams {
            edits: params::raw(edits_json)?,
        };
        self.session
            .conn
            .call_method::<methods::ConfigBatchWrite>(&p)
            .await
    }

    /// `configRequirements/read`: what an administrator requires (JSON).
    pub async fn config_requirements(&self) -> Result<Response<Ignored>> {
        self.session
            .conn
            .call_method::<methods::ConfigRequirementsRead>(&params::Empty {})
            .await
    }
}
