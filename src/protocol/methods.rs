//! Every app-server method name the library uses, declared once. Client requests first, then
//! what the library sends as notifications, then what it receives.

// ---- client → server requests ----------------------------------------------------------------
pub const INITIALIZE: &str = "initialize";
pub const ACCOUNT_READ: &str = "account/read";
pub const ACCOUNT_LOGIN_START: &str = "account/login/start";
pub const ACCOUNT_LOGIN_CANCEL: &str = "account/login/cancel";
pub const ACCOUNT_LOGOUT: &str = "account/logout";
pub const THREAD_START: &str = "thread/start";
pub const THREAD_RESUME: &str = "thread/resume";
pub const THREAD_FORK: &str = "thread/fork";
pub const THREAD_LIST: &str = "thread/list";
pub const THREAD_READ: &str = "thread/read";
pub const THREAD_ARCHIVE: &str = "thread/archive";
pub const THREAD_UNARCHIVE: &str = "thread/unarchive";
pub const THREAD_NAME_SET: &str = "thread/name/set";
pub const THREAD_COMPACT_START: &str = "thread/compact/start";
pub const TURN_START: &str = "turn/start";
pub const TURN_STEER: &str = "turn/steer";
pub const TURN_INTERRUPT: &str = "turn/interrupt";
pub const MODEL_LIST: &str = "model/list";

// ---- client → server notifications -----------------------------------------------------------
pub const INITIALIZED: &str = "initialized";

// ---- server → client notifications the library routes or decodes -----------------------------
pub const ACCOUNT_LOGIN_COMPLETED: &str = "account/login/completed";
pub const TURN_STARTED: &str = "turn/started";
pub const TURN_COMPLETED: &str = "turn/completed";
pub const ITEM_STARTED: &str = "item/started";
pub const ITEM_COMPLETED: &str = "item/completed";
pub const ITEM_AGENT_MESSAGE_DELTA: &str = "item/agentMessage/delta";
pub const ITEM_REASONING_SUMMARY_TEXT_DELTA: &str = "item/reasoning/summaryTextDelta";
pub const ITEM_REASONING_TEXT_DELTA: &str = "item/reasoning/textDelta";
pub const ITEM_COMMAND_OUTPUT_DELTA: &str = "item/commandExecution/outputDelta";
pub const THREAD_TOKEN_USAGE_UPDATED: &str = "thread/tokenUsage/updated";
pub const ERROR: &str = "error";

// ---- server → client requests with a safe default answer -------------------------------------
pub const COMMAND_APPROVAL: &str = "item/commandExecution/requestApproval";
pub const FILE_CHANGE_APPROVAL: &str = "item/fileChange/requestApproval";
pub const PERMISSIONS_APPROVAL: &str = "item/permissions/requestApproval";
pub const TOOL_REQUEST_USER_INPUT: &str = "item/tool/requestUserInput";
pub const MCP_ELICITATION: &str = "mcpServer/elicitation/request";
pub const LEGACY_EXEC_COMMAND_APPROVAL: &str = "execCommandApproval";
pub const LEGACY_APPLY_PATCH_APPROVAL: &str = "applyPatchApproval";
