/* A tiny header in cbindgen's style, for the selftest. */
#define CODEX_VERSION_MAJOR 0
typedef enum { CODEX_STATUS_OK = 0, CODEX_STATUS_TIMEOUT = 2 } codex_status;
typedef struct codex_client codex_client;
typedef struct codex_error codex_error;
typedef void (*codex_drop_fn)(void *user_data);
#ifdef __cplusplus
extern "C" {
#endif // __cplusplus
const char *codex_version(void);
codex_status codex_new(const void *opts, codex_client **out, codex_error **err);
void codex_free(codex_client *client);
#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus
