#include "sandbox/state/fault_json.hpp"

#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace graphpost::sandbox {
namespace {

namespace json = boost::json;

constexpr std::string_view kFields =
    "tenantId, mailboxId, errorRate, errorStatus, latencyMs, dropRate, tokenOutage, requests";

tl::unexpected<Error> BadField(std::string_view key, std::string_view rule) {
  return Fail(ErrorCode::kInvalidArgument,
              "fault field '" + std::string(key) + "' must be " + std::string(rule));
}

Result<std::string> Text(std::string_view key, const json::value& v) {
  if (!v.is_string()) return BadField(key, "a string");
  return std::string(v.get_string());
}

Result<double> Share(std::string_view key, const json::value& v) {
  if (!v.is_number()) return BadField(key, "a number between 0 and 1");
  double d = v.to_number<double>();
  if (!(d >= 0 && d <= 1)) return BadField(key, "a number between 0 and 1");
  return d;
}

Result<long long> Integer(std::string_view key, const json::value& v, long long min, long long max,
                          std::string_view rule) {
  if (v.is_int64() && v.get_int64() >= min && v.get_int64() <= max) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<unsigned long long>(max) && min <= 0) {
    return static_cast<long long>(v.get_uint64());
  }
  return BadField(key, rule);
}

Status Apply(FaultRule& f, std::string_view key, const json::value& v) {
  if (key == "tenantId" || key == "mailboxId") {
    auto text = Text(key, v);
    if (!text) return Fail(text.error());
    (key == "tenantId" ? f.tenant_id : f.mailbox_id) = std::move(*text);
  } else if (key == "errorRate" || key == "dropRate") {
    auto share = Share(key, v);
    if (!share) return Fail(share.error());
    (key == "errorRate" ? f.error_rate : f.drop_rate) = *share;
  } else if (key == "errorStatus") {
    auto status = Integer(key, v, 429, 504, "429, 503 or 504");
    if (!status || (*status != 429 && *status != 503 && *status != 504)) {
      return BadField(key, "429, 503 or 504");
    }
    f.error_status = static_cast<int>(*status);
  } else if (key == "latencyMs") {
    auto ms = Integer(key, v, 0, kMaxFaultLatency.count(),
                      "a whole number of milliseconds from 0 to " +
                          std::to_string(kMaxFaultLatency.count()) + " (10 minutes)");
    if (!ms) return Fail(ms.error());
    f.latency = std::chrono::milliseconds{*ms};
  } else if (key == "requests") {
    auto count =
        Integer(key, v, 1, kMaxFaultRequests,
                "a whole number of Graph requests from 1 to " + std::to_string(kMaxFaultRequests));
    if (!count) return Fail(count.error());
    f.remaining_requests = static_cast<std::uint32_t>(*count);
  } else if (key == "tokenOutage") {
    if (!v.is_bool()) return BadField(key, "true or false");
    f.token_outage = v.get_bool();
  } else {
    return Fail(ErrorCode::kInvalidArgument, "unknown fault field '" + std::string(key) +
                                                 "' (known: " + std::string(kFields) + ")");
  }
  return Ok();
}

}  // namespace

boost::json::object FaultRuleToJson(const FaultRule& f) {
  boost::json::object out{{"tenantId", f.tenant_id},        {"mailboxId", f.mailbox_id},
                          {"errorRate", f.error_rate},      {"errorStatus", f.error_status},
                          {"latencyMs", f.latency.count()}, {"dropRate", f.drop_rate},
                          {"tokenOutage", f.token_outage}};
  if (f.remaining_requests) out["requests"] = *f.remaining_requests;
  return out;
}

Result<FaultRule> FaultRuleFromJson(const boost::json::value& body) {
  const json::object* object = body.if_object();
  if (object == nullptr) return Fail(ErrorCode::kInvalidArgument, "a fault must be a JSON object");
  FaultRule f;
  for (const auto& [key, value] : *object) {
    if (auto s = Apply(f, key, value); !s) return Fail(s.error());
  }
  return f;
}

}  // namespace graphpost::sandbox
