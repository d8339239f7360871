package codex

import (
	"encoding/json"
)

// SandboxMode is a thread's sandbox (ThreadParams.Sandbox).
type SandboxMode string

const (
	SandboxReadOnly         SandboxMode = "read-only"
	SandboxWorkspaceWrite   SandboxMode = "workspace-write"
	SandboxDangerFullAccess SandboxMode = "danger-full-access"
)

// ApprovalPolicy says when the agent asks before acting.
type ApprovalPolicy string

const (
	ApprovalUntrusted ApprovalPolicy = "untrusted"
	ApprovalOnRequest ApprovalPolicy = "on-request"
	ApprovalNever     ApprovalPolicy = "never"
)

// ApprovalsReviewer says who answers approval requests.
type ApprovalsReviewer string

const (
	ReviewerUser       ApprovalsReviewer = "user"
	ReviewerAutoReview ApprovalsReviewer = "auto_review"
)

// ThreadParams are the common ThreadStartParams / ThreadResumeParams / ThreadForkParams.
// Empty fields are left out (server defaults). Extra adds or overrides any other field by its
// camelCase wire name.
type ThreadParams struct {
	Model                 string            `json:"model,omitempty"`
	ModelProvider         string            `json:"modelProvider,omitempty"`
	Cwd                   string            `json:"cwd,omitempty"`
	ApprovalPolicy        ApprovalPolicy    `json:"approvalPolicy,omitempty"`
	ApprovalsReviewer     ApprovalsReviewer `json:"approvalsReviewer,omitempty"`
	Sandbox               SandboxMode       `json:"sandbox,omitempty"`
	Config                map[string]any    `json:"config,omitempty"`
	BaseInstructions      string            `json:"baseInstructions,omitempty"`
	DeveloperInstructions string            `json:"developerInstructions,omitempty"`
	Ephemeral             bool              `json:"ephemeral,omitempty"`
	Personality           string            `json:"personality,omitempty"` // "none", "friendly", "pragmatic"
	ServiceTier           string            `json:"serviceTier,omitempty"`

	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON writes the wire form, Extra merged in (Extra wins).
func (p ThreadParams) MarshalJSON() ([]byte, error) {
	type plain ThreadParams // no MarshalJSON: avoids recursion
	return withExtra(plain(p), p.Extra)
}

// TurnParams are the common TurnStartParams overrides. Model, Effort, Cwd, ApprovalPolicy and
// SandboxPolicy persist for later turns of the thread; OutputSchema is for this turn only.
type TurnParams struct {
	Model             string            `json:"model,omitempty"`
	Effort            string            `json:"effort,omitempty"`  // e.g. "low", "medium", "high"
	Summary           string            `json:"summary,omitempty"` // "auto", "concise", "detailed", "none"
	Cwd               string            `json:"cwd,omitempty"`
	ApprovalPolicy    ApprovalPolicy    `json:"approvalPolicy,omitempty"`
	ApprovalsReviewer ApprovalsReviewer `json:"approvalsReviewer,omitempty"`
	// SandboxPolicy is the turn-level SandboxPolicy object, e.g. {"type":"readOnly"}.
	SandboxPolicy json.RawMessage `json:"sandboxPolicy,omitempty"`
	// OutputSchema is a JSON Schema the final message must follow.
	OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
	Personality  string          `json:"personality,omitempty"`
	ServiceTier  string          `json:"serviceTier,omitempty"`
	// CollaborationMode is e.g. {"mode":"plan","settings":{"model":"gpt-5.4"}} (Plan mode
	// offers the model the request_user_input tool).
	CollaborationMode json.RawMessage `json:"collaborationMode,omitempty"`

	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON writes the wire form, Extra merged in (Extra wins).
func (p TurnParams) MarshalJSON() ([]byte, error) {
	type plain TurnParams
	return withExtra(plain(p), p.Extra)
}

// ListParams are the common ThreadListParams (Client.ThreadListWith). Zero fields are left out.
type ListParams struct {
	Limit         int    `json:"limit,omitempty"`
	Cursor        string `json:"cursor,omitempty"` // the previous page's nextCursor
	Archived      bool   `json:"archived,omitempty"`
	Cwd           string `json:"cwd,omitempty"`
	SortKey       string `json:"sortKey,omitempty"`       // "created_at", "updated_at", ...
	SortDirection string `json:"sortDirection,omitempty"` // "asc", "desc"
	SearchTerm    string `json:"searchTerm,omitempty"`

	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON writes the wire form, Extra merged in (Extra wins).
func (p ListParams) MarshalJSON() ([]byte, error) {
	type plain ListParams
	return withExtra(plain(p), p.Extra)
}

func withExtra(v any, extra map[string]json.RawMessage) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return body, err
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		if !json.Valid(raw) {
			return nil, newError(StatusInvalidArgument, "Extra["+k+"] is not valid JSON")
		}
		fields[k] = raw
	}
	return json.Marshal(fields)
}

// Input is one structured UserInput item (see TextInput and friends).
type Input map[string]any

// TextInput is plain text.
func TextInput(text string) Input { return Input{"type": "text", "text": text} }

// ImageInput is an image given as a data: URL.
func ImageInput(dataURL string) Input { return Input{"type": "image", "url": dataURL} }

// LocalImageInput is an image file the server reads.
func LocalImageInput(path string) Input { return Input{"type": "localImage", "path": path} }

// SkillInput and MentionInput reference a skill or an app/plugin by name and path.
func SkillInput(name, path string) Input { return Input{"type": "skill", "name": name, "path": path} }
func MentionInput(name, path string) Input {
	return Input{"type": "mention", "name": name, "path": path}
}

// Decision is a convenience answer for approval requests: {"decision": d}, e.g. "accept".
func Decision(d string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"decision": d})
	return b
}
