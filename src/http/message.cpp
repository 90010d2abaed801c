#include "http/message.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::http {

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& h : items_) {
    if (AsciiIEquals(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

void Headers::Set(std::string name, std::string value) {
  Remove(name);
  items_.push_back({std::move(name), std::move(value)});
}

void Headers::Add(std::string name, std::string value) {
  items_.push_back({std::move(name), std::move(value)});
}

void Headers::Remove(std::string_view name) {
  std::erase_if(items_, [&](const Header& h) { return AsciiIEquals(h.name, name); });
}

Response MakeResponse(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  if (!content_type.empty()) r.headers.Set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

}  // namespace graphpost::http
