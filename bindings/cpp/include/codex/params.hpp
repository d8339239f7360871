// codex-ffi C++ binding: codex::ThreadParams, codex::TurnParams, codex::ListParams — typed
// builders over the C codex_params handle, so a params key cannot be misspelled and a field of
// another request, a wrong value type or an unknown enumerated value throws InvalidArgumentError.
// raw() is the escape hatch for fields newer than the library.
#ifndef CODEX_CPP_PARAMS_HPP
#define CODEX_CPP_PARAMS_HPP

#include "codex/error.hpp"

#include <memory>

namespace codex {

namespace detail {

/// The shared part of the three builders: a codex_params handle and its typed setters.
template <class Self>
class ParamsBase {
 public:
  /// The params as JSON object text (`{}` when nothing is set).
  std::string json() const { return codex_params_json(h_.get()); }
  /// Any field by its camelCase wire name, `json` its value (checked to be JSON).
  Self &raw(std::string_view key, std::string_view json) {
    CStr k(key, "key"), v(json, "json");
    check([&](codex_error **e) { return codex_params_set_raw(h_.get(), k.c_str(), v.c_str(), e); });
    return self();
  }
  /// Removes a typed field set before.
  Self &unset(codex_param_t p) {
    check([&](codex_error **e) { return codex_params_unset(h_.get(), p, e); });
    return self();
  }
  const codex_params *c_params() const noexcept { return h_.get(); }

 protected:
  explicit ParamsBase(codex_params_kind_t kind) : h_(codex_params_new(kind)) {
    if (!h_) throw InternalError(Status::Internal, "codex_params_new failed");
  }
  Self &str(codex_param_t p, std::string_view value, const char *what) {
    CStr v(value, what);
    check([&](codex_error **e) { return codex_params_set_string(h_.get(), p, v.c_str(), e); });
    return self();
  }
  Self &boolean(codex_param_t p, bool value) {
    check([&](codex_error **e) { return codex_params_set_bool(h_.get(), p, value, e); });
    return self();
  }
  Self &integer(codex_param_t p, std::int64_t value) {
    check([&](codex_error **e) { return codex_params_set_int(h_.get(), p, value, e); });
    return self();
  }
  Self &json_value(codex_param_t p, std::string_view json, const char *what) {
    CStr v(json, what);
    check([&](codex_error **e) { return codex_params_set_json(h_.get(), p, v.c_str(), e); });
    return self();
  }

 private:
  Self &self() { return static_cast<Self &>(*this); }
  struct Free {
    void operator()(codex_params *p) const noexcept { codex_params_free(p); }
  };
  std::unique_ptr<codex_params, Free> h_;
};

}  // namespace detail

/// Thread start / resume / fork params (Client::thread_start and friends).
class ThreadParams : public detail::ParamsBase<ThreadParams> {
 public:
  ThreadParams() : ParamsBase(CODEX_PARAMS_THREAD) {}
  ThreadParams &model(std::string_view v) { return str(CODEX_PARAM_MODEL, v, "model"); }
  ThreadParams &model_provider(std::string_view v) { return str(CODEX_PARAM_MODEL_PROVIDER, v, "model_provider"); }
  ThreadParams &cwd(std::string_view v) { return str(CODEX_PARAM_CWD, v, "cwd"); }
  /// codex::approval::* ("untrusted", "on-request", "never").
  ThreadParams &approval_policy(std::string_view v) { return str(CODEX_PARAM_APPROVAL_POLICY, v, "approval_policy"); }
  /// "user" or "auto_review".
  ThreadParams &approvals_reviewer(std::string_view v) { return str(CODEX_PARAM_APPROVALS_REVIEWER, v, "approvals_reviewer"); }
  /// codex::sandbox::* ("read-only", "workspace-write", "danger-full-access").
  ThreadParams &sandbox(std::string_view v) { return str(CODEX_PARAM_SANDBOX, v, "sandbox"); }
  ThreadParams &base_instructions(std::string_view v) { return str(CODEX_PARAM_BASE_INSTRUCTIONS, v, "base_instructions"); }
  ThreadParams &developer_instructions(std::string_view v) {
    return str(CODEX_PARAM_DEVELOPER_INSTRUCTIONS, v, "developer_instructions");
  }
  ThreadParams &personality(std::string_view v) { return str(CODEX_PARAM_PERSONALITY, v, "personality"); }
  ThreadParams &service_tier(std::string_view v) { return str(CODEX_PARAM_SERVICE_TIER, v, "service_tier"); }
  ThreadParams &ephemeral(bool v) { return boolean(CODEX_PARAM_EPHEMERAL, v); }
  /// config.toml overrides as a JSON object, e.g. `{"model_reasoning_effort":"low"}`.
  ThreadParams &config_json(std::string_view v) { return json_value(CODEX_PARAM_CONFIG, v, "config_json"); }
};

/// Turn start overrides (Thread::run, Thread::turn). model, effort, cwd, approval policy and
/// sandbox persist for later turns; the output schema is for this turn only.
class TurnParams : public detail::ParamsBase<TurnParams> {
 public:
  TurnParams() : ParamsBase(CODEX_PARAMS_TURN) {}
  TurnParams &model(std::string_view v) { return str(CODEX_PARAM_MODEL, v, "model"); }
  TurnParams &cwd(std::string_view v) { return str(CODEX_PARAM_CWD, v, "cwd"); }
  TurnParams &approval_policy(std::string_view v) { return str(CODEX_PARAM_APPROVAL_POLICY, v, "approval_policy"); }
  TurnParams &approvals_reviewer(std::string_view v) { return str(CODEX_PARAM_APPROVALS_REVIEWER, v, "approvals_reviewer"); }
  /// codex::sandbox::*; sent as the turn's sandboxPolicy object.
  TurnParams &sandbox(std::string_view v) { return str(CODEX_PARAM_SANDBOX, v, "sandbox"); }
  /// A reasoning effort the model offers, e.g. "low", "high".
  TurnParams &effort(std::string_view v) { return str(CODEX_PARAM_EFFORT, v, "effort"); }
  /// "auto", "concise", "detailed" or "none".
  TurnParams &summary(std::string_view v) { return str(CODEX_PARAM_SUMMARY, v, "summary"); }
  TurnParams &personality(std::string_view v) { return str(CODEX_PARAM_PERSONALITY, v, "personality"); }
  TurnParams &service_tier(std::string_view v) { return str(CODEX_PARAM_SERVICE_TIER, v, "service_tier"); }
  /// A JSON Schema the final message follows.
  TurnParams &output_schema_json(std::string_view v) { return json_value(CODEX_PARAM_OUTPUT_SCHEMA, v, "output_schema_json"); }
  /// e.g. `{"mode":"plan","settings":{"model":"gpt-5.4"}}`.
  TurnParams &collaboration_mode_json(std::string_view v) {
    return json_value(CODEX_PARAM_COLLABORATION_MODE, v, "collaboration_mode_json");
  }
};

/// thread/list params (Client::thread_list).
class ListParams : public detail::ParamsBase<ListParams> {
 public:
  ListParams() : ParamsBase(CODEX_PARAMS_THREAD_LIST) {}
  ListParams &limit(std::int64_t v) { return integer(CODEX_PARAM_LIMIT, v); }
  ListParams &cursor(std::string_view v) { return str(CODEX_PARAM_CURSOR, v, "cursor"); }
  ListParams &archived(bool v) { return boolean(CODEX_PARAM_ARCHIVED, v); }
  ListParams &cwd(std::string_view v) { return str(CODEX_PARAM_CWD, v, "cwd"); }
  /// "created_at", "updated_at", "recency_at" or "section_position".
  ListParams &sort_key(std::string_view v) { return str(CODEX_PARAM_SORT_KEY, v, "sort_key"); }
  /// "asc" or "desc".
  ListParams &sort_direction(std::string_view v) { return str(CODEX_PARAM_SORT_DIRECTION, v, "sort_direction"); }
  ListParams &search_term(std::string_view v) { return str(CODEX_PARAM_SEARCH_TERM, v, "search_term"); }
};

}  // namespace codex

#endif
