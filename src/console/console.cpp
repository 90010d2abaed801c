// Placeholder: the Console's routing, sessions and shell are filled in by the console work.
#include "console/console.hpp"

#include "console/page.hpp"

namespace graphpost::console {

struct Console::Impl {
  explicit Impl(ConsoleDeps d) : deps(std::move(d)) {}
  ConsoleDeps deps;
  RouteTable routes;
};

Console::Console(ConsoleDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {
  RegisterOverviewRoutes(impl_->routes, impl_->deps);
  RegisterMessagesRoutes(impl_->routes, impl_->deps);
  RegisterConnectionsRoutes(impl_->routes, impl_->deps);
  RegisterSandboxRoutes(impl_->routes, impl_->deps);
}
Console::~Console() = default;

bool Console::Serves(std::string_view path) {
  return path == "/ui" || path.rfind("/ui/", 0) == 0;
}

http::Admission Console::Admit(const http::Request&) { return http::Admission::Accept(64 * 1024); }

void Console::Handle(http::Request, http::Respond respond) {
  respond(http::MakeResponse(503, "text/plain; charset=utf-8", "console not built yet\n"));
}

}  // namespace graphpost::console
