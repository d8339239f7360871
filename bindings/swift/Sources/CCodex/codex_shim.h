// The C API for the CCodex module. Inside a codex-ffi checkout: the repository's generated
// include/codex.h (no copy to drift). In a copy of this package outside the checkout: the
// installed <codex.h>, whose include path comes from pkg-config's codex.pc (Package.swift).
#if __has_include("../../../../include/codex.h")
#include "../../../../include/codex.h"
#else
#include <codex.h>
#endif
