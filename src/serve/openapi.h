// The OpenAPI 3 description of the JSON API, served at /api/openapi.json: share/openapi.json,
// built into the binary (a test checks it against real answers).
#ifndef BAHTH_SERVE_OPENAPI_H_
#define BAHTH_SERVE_OPENAPI_H_

#include <string_view>

namespace bahth::serve {

std::string_view openapi_document();

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_OPENAPI_H_
