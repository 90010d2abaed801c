// The console's route table and error pages.
#include "console/page.hpp"

#include "console/html.hpp"

namespace graphpost::console {
namespace {

std::vector<std::string> Split(std::string_view pattern) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    std::size_t end = pattern.find('/', start);
    if (end == std::string_view::npos) end = pattern.size();
    if (end > start) out.emplace_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool Matches(std::string_view pattern, const std::vector<std::string>& path) {
  auto parts = Split(pattern);
  if (parts.size() != path.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] != "*" && parts[i] != path[i]) return false;
  }
  return true;
}

}  // namespace

void RouteTable::Add(std::string method, std::string pattern, PageHandler handler) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler)});
}

const Route* RouteTable::Find(std::string_view method, const std::vector<std::string>& path,
                              bool* method_allowed) const {
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  bool other_method = false;
  for (const Route& r : routes_) {
    if (!Matches(r.pattern, path)) continue;
    if (r.method == wanted) {
      if (method_allowed != nullptr) *method_allowed = true;
      return &r;
    }
    other_method = true;
  }
  if (method_allowed != nullptr) *method_allowed = !other_method;
  return nullptr;
}

PageAnswer ErrorPage(int status, std::string title, std::string message) {
  PageAnswer answer;
  answer.status = status;
  answer.title = std::move(title);
  answer.body = "<p class=\"error\">" + Escape(message) + "</p>";
  return answer;
}

void LogAction(const ConsoleDeps& deps, const PageRequest& request, std::string_view message,
               std::initializer_list<log::Field> fields) {
  if (deps.log == nullptr) return;
  std::vector<log::Field> all{{"principal", request.principal},
                              {"client", request.http.remote_address}};
  all.insert(all.end(), fields.begin(), fields.end());
  if (deps.log->Enabled(log::Level::kInfo)) deps.log->Write(log::Level::kInfo, message, all);
}

std::string ApiKeyPrincipal(std::string_view id, std::string_view name) {
  if (name.empty()) return "API key " + std::string(id);
  return "API key " + std::string(name) + " (" + std::string(id) + ")";
}

}  // namespace graphpost::console
