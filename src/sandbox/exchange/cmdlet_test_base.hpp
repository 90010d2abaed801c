// sandbox/exchange/cmdlet_test_base.hpp — test-only fixture for cmdlet tests: a tenant, a
// FakeRandom and a FakeClock, and Run()/MustRun() helpers. Used by the exchange_test binary only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "sandbox/exchange/cmdlets.hpp"
#include "sandbox/exchange/test_tenant.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::sandbox::exchange::testing {

using Params = std::vector<std::pair<std::string, std::string>>;

class CmdletTestBase : public ::testing::Test {
 protected:
  CmdletTestBase() : tenant_(MakeTenant()) {}

  Result<CmdletOutput> Run(std::string name, Params params = {}) {
    return RunCmdlet(tenant_, CmdletCall{std::move(name), std::move(params)}, random_,
                     clock_.WallNow());
  }

  // Runs a cmdlet that must succeed; records a test failure (and returns an empty output) if not.
  CmdletOutput MustRun(std::string name, Params params = {}) {
    std::string label = name;
    auto out = Run(std::move(name), std::move(params));
    EXPECT_TRUE(out.has_value()) << label << ": " << (out ? "" : out.error().message);
    return out ? std::move(*out) : CmdletOutput{};
  }

  // The error of a cmdlet that must fail.
  Error MustFail(std::string name, Params params = {}) {
    std::string label = name;
    auto out = Run(std::move(name), std::move(params));
    EXPECT_FALSE(out.has_value()) << label << " unexpectedly succeeded";
    return out ? Error{} : out.error();
  }

  // Field `key` of output object `i` as a string ("" when absent or not a string).
  static std::string Field(const CmdletOutput& out, std::size_t i, std::string_view key) {
    if (i >= out.objects.size()) return "";
    return JsonString(out.objects[i], key).value_or("");
  }

  // Field `key` of output object `i` when it is a JSON Boolean, else nullopt.
  static std::optional<bool> BoolField(const CmdletOutput& out, std::size_t i,
                                       std::string_view key) {
    if (i >= out.objects.size()) return std::nullopt;
    const boost::json::object* o = out.objects[i].if_object();
    const boost::json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr || !v->is_bool()) return std::nullopt;
    return v->get_bool();
  }

  Tenant tenant_;
  graphpost::testing::FakeRandom random_;
  graphpost::testing::FakeClock clock_;
};

}  // namespace graphpost::sandbox::exchange::testing
