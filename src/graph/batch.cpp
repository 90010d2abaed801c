#include "graph/batch.hpp"

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/json.hpp"

namespace graphpost::graph {
namespace {

bool IsJsonType(std::string_view content_type) {
  std::string_view type = TrimAscii(content_type.substr(0, content_type.find(';')));
  return AsciiIEquals(type, "application/json") || type.ends_with("+json");
}

bool Contains(const std::vector<BatchRequest>& requests, std::size_t before, std::string_view id) {
  for (std::size_t i = 0; i < before; ++i) {
    if (AsciiIEquals(requests[i].id, id)) return true;
  }
  return false;
}

Status CheckRequest(const BatchRequest& r, std::string_view where) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                "batch " + std::string(where) + ": " + std::string(why));
  };
  if (r.id.empty()) return bad("empty id");
  if (r.method.empty()) return bad("empty method");
  if (r.url.empty() || r.url.find("://") != std::string::npos) {
    return bad("the url must be relative to the Graph version root");
  }
  if (!r.body.empty() && !r.headers.Get("Content-Type")) {
    return bad("a body needs a Content-Type header");
  }
  return Ok();
}

Result<json::object> RequestJson(const std::vector<BatchRequest>& requests, std::size_t i) {
  const BatchRequest& r = requests[i];
  std::string where = "request '" + r.id + "'";
  if (auto s = CheckRequest(r, where); !s) return Fail(s.error());
  if (Contains(requests, i, r.id)) {
    return Fail(ErrorCode::kInvalidArgument, "batch " + where + ": duplicate id");
  }
  json::object out{{"id", r.id}, {"method", r.method}, {"url", r.url}};
  if (!r.headers.all().empty()) {
    json::object headers;
    for (const auto& h : r.headers.all()) headers[h.name] = h.value;
    out["headers"] = std::move(headers);
  }
  if (!r.body.empty()) {
    if (IsJsonType(*r.headers.Get("Content-Type"))) {
      auto parsed = ParseJson(r.body);
      if (!parsed) {
        return Fail(ErrorCode::kInvalidArgument, "batch " + where +
                                                     ": the JSON body does not "
                                                     "parse: " +
                                                     parsed.error().message);
      }
      out["body"] = std::move(*parsed);
    } else {
      out["body"] = r.body;
    }
  }
  if (!r.depends_on.empty()) {
    json::array deps;
    for (const auto& d : r.depends_on) {
      bool known = false;
      for (const auto& other : requests) known = known || AsciiIEquals(other.id, d);
      if (!known || AsciiIEquals(d, r.id)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "batch " + where + ": dependsOn '" + d + "' is not another request of it");
      }
      deps.emplace_back(d);
    }
    out["dependsOn"] = std::move(deps);
  }
  return out;
}

http::Headers HeadersFrom(const json::value* v) {
  http::Headers headers;
  if (v == nullptr || !v->is_object()) return headers;
  for (const auto& [name, value] : v->get_object()) {
    headers.Add(std::string(name),
                value.is_string() ? std::string(value.get_string()) : ToJson(value));
  }
  return headers;
}

std::string BodyFrom(const json::value* v) {
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) return std::string(v->get_string());
  return ToJson(*v);
}

Result<BatchAnswer> AnswerFrom(const json::value& v, std::size_t index) {
  const json::object* o = v.if_object();
  const json::value* id = o ? o->if_contains("id") : nullptr;
  const json::value* status = o ? o->if_contains("status") : nullptr;
  if (id == nullptr || !id->is_string() || status == nullptr || !status->is_number()) {
    return Fail(ErrorCode::kInternal,
                "$batch: answer " + std::to_string(index) + " has no string id or numeric status");
  }
  BatchAnswer answer;
  answer.id = std::string(id->get_string());
  answer.response.status = static_cast<int>(status->to_number<double>());
  answer.response.headers = HeadersFrom(o->if_contains("headers"));
  answer.response.body = BodyFrom(o->if_contains("body"));
  return answer;
}

}  // namespace

Result<std::string> BuildBatchBody(const std::vector<BatchRequest>& requests) {
  if (requests.empty() || requests.size() > kMaxBatchRequests) {
    return Fail(ErrorCode::kInvalidArgument, "batch: " + std::to_string(requests.size()) +
                                                 " requests; a batch holds 1 to " +
                                                 std::to_string(kMaxBatchRequests));
  }
  json::array items;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto item = RequestJson(requests, i);
    if (!item) return Fail(item.error());
    items.push_back(std::move(*item));
  }
  return ToJson(json::object{{"requests", std::move(items)}});
}

Result<std::vector<BatchAnswer>> ParseBatchAnswer(std::string_view body) {
  auto parsed = ParseJson(body);
  const json::array* responses = parsed ? JsonArray(*parsed, "responses") : nullptr;
  if (responses == nullptr) {
    return Fail(ErrorCode::kInternal, "$batch: the answer has no responses array");
  }
  std::vector<BatchAnswer> answers;
  answers.reserve(responses->size());
  for (std::size_t i = 0; i < responses->size(); ++i) {
    auto answer = AnswerFrom((*responses)[i], i);
    if (!answer) return Fail(answer.error());
    answers.push_back(std::move(*answer));
  }
  return answers;
}

const BatchAnswer* FindAnswer(const std::vector<BatchAnswer>& answers, std::string_view id) {
  for (const auto& a : answers) {
    if (AsciiIEquals(a.id, id)) return &a;
  }
  return nullptr;
}

}  // namespace graphpost::graph
