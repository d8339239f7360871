//! The typed view of a server request with its C strings, cached in `codex_server_request`
//! (server_request.rs) and read by the getters in approval.rs.

use super::c_string;
use crate::ServerRequestView;
use std::ffi::CString;

/// A request's typed view and its C strings.
pub(crate) struct Typed {
    pub(crate) view: ServerRequestView,
    pub(crate) item_id: Option<CString>,
    pub(crate) command: Option<CString>,
    pub(crate) cwd: Option<CString>,
    pub(crate) reason: Option<CString>,
    pub(crate) grant_root: Option<CString>,
    pub(crate) permissions_json: Option<CString>,
    pub(crate) amendments: Vec<CString>,
    pub(crate) decisions: Vec<CString>,
    /// A dynamic tool call's tool, namespace, arguments JSON and call id.
    pub(crate) tool: Option<CString>,
    pub(crate) tool_namespace: Option<CString>,
    pub(crate) tool_arguments: Option<CString>,
    pub(crate) call_id: Option<CString>,
    /// (id, header, question, option labels)
    pub(crate) questions: Vec<(CString, CString, CString, Vec<CString>)>,
}

impl Typed {
    pub(crate) fn new(method: &str, params: &str) -> Typed {
        let view = ServerRequestView::parse(method, params);
        let opt = |s: &Option<String>| s.as_deref().map(c_string);
        let mut t = Typed {
            item_id: None,
            command: None,
            cwd: None,
            reason: None,
            grant_root: None,
            permissions_json: None,
            amendments: Vec::new(),
            decisions: view
                .offered_decisions()
                .iter()
                .map(|d| c_string(d))
                .collect(),
            questions: Vec::new(),
            tool: None,
            tool_namespace: None,
            tool_arguments: None,
            call_id: None,
            view: ServerRequestView::Other,
        };
        match &view {
            ServerRequestView::CommandApproval(p) => {
                t.item_id = opt(&p.item_id);
                t.command = opt(&p.command);
                t.cwd = opt(&p.cwd);
                t.reason = opt(&p.reason);
                t.amendments = p
                    .proposed_execpolicy_amendment
                    .iter()
                    .flatten()
                    .map(|a| c_string(a))
                    .collect();
            }
            ServerRequestView::FileChangeApproval(p) => {
                t.item_id = opt(&p.item_id);
                t.reason = opt(&p.reason);
                t.grant_root = opt(&p.grant_root);
            }
            ServerRequestView::Permissions(p) => {
                t.item_id = opt(&p.item_id);
                t.cwd = opt(&p.cwd);
                t.reason = opt(&p.reason);
                t.permissions_json = p.permissions.as_ref().map(|r| c_string(r.get()));
            }
            ServerRequestView::UserInput(p) => {
                t.item_id = opt(&p.item_id);
                t.questions = p
                    .questions
                    .iter()
                    .map(|q| {
                        (
                            c_string(&q.id),
                            c_string(&q.header),
                            c_string(&q.question),
                            q.options
                                .iter()
                                .flatten()
                                .map(|o| c_string(&o.label))
                                .collect(),
                        )
                    })
                    .collect();
            }
            ServerRequestView::DynamicToolCall(p) => {
                t.tool = opt(&p.tool);
                t.tool_namespace = opt(&p.namespace);
                t.call_id = opt(&p.call_id);
                t.tool_arguments = p.arguments.as_ref().map(|a| c_string(a.get()));
            }
            _ => {}
        }
        t.view = view;
        t
    }
}
