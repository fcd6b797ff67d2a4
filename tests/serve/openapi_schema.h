// Checks answers of `bahth serve` against its OpenAPI document (share/openapi.json).
#ifndef BAHTH_TESTS_SERVE_OPENAPI_SCHEMA_H_
#define BAHTH_TESTS_SERVE_OPENAPI_SCHEMA_H_

#include <nlohmann/json.hpp>
#include <string>

#include "gtest/gtest.h"

namespace bahth::testing {

// Checks `value` against an OpenAPI 3.0 `schema` of `doc`: the types, the required members,
// and that no member goes undocumented.
inline void expect_matches_schema(const nlohmann::json& doc, nlohmann::json schema,
                                  const nlohmann::json& value, const std::string& where) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string lead = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(lead, 0), 0U) << where;
    schema = doc["components"]["schemas"][ref.substr(lead.size())];
    ASSERT_TRUE(schema.is_object()) << where << ": no schema " << ref;
  }
  if (value.is_null()) {
    EXPECT_TRUE(schema.value("nullable", false)) << where << " is null";
    return;
  }
  if (schema.contains("oneOf")) {
    const nlohmann::json& choices = schema["oneOf"];
    const nlohmann::json& chosen = value.is_array() ? choices[1] : choices[0];
    expect_matches_schema(doc, chosen, value, where);
    return;
  }
  const std::string type = schema.value("type", "");
  if (type == "string") {
    EXPECT_TRUE(value.is_string()) << where;
  } else if (type == "integer") {
    EXPECT_TRUE(value.is_number_integer()) << where;
  } else if (type == "number") {
    EXPECT_TRUE(value.is_number()) << where;
  } else if (type == "boolean") {
    EXPECT_TRUE(value.is_boolean()) << where;
  } else if (type == "array") {
    ASSERT_TRUE(value.is_array()) << where;
    if (schema.contains("maxItems")) {
      EXPECT_LE(value.size(), schema["maxItems"].get<std::size_t>()) << where;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      expect_matches_schema(doc, schema["items"], value[i], where + "[" + std::to_string(i) + "]");
    }
  } else if (type == "object") {
    ASSERT_TRUE(value.is_object()) << where;
    for (const auto& name : schema.value("required", nlohmann::json::array())) {
      EXPECT_TRUE(value.contains(name.get<std::string>())) << where << " lacks " << name;
    }
    const nlohmann::json properties = schema.value("properties", nlohmann::json::object());
    for (const auto& [name, member] : value.items()) {
      if (properties.contains(name)) {
        expect_matches_schema(doc, properties[name], member, where + "." + name);
      } else if (schema.contains("additionalProperties")) {
        expect_matches_schema(doc, schema["additionalProperties"], member, where + "." + name);
      } else {
        ADD_FAILURE() << where << "." << name << " is not in the OpenAPI document";
      }
    }
  } else {
    ADD_FAILURE() << where << ": schema without a type";
  }
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_SERVE_OPENAPI_SCHEMA_H_
