// Placeholder: filled in by the console work (issue #9).
#include "console/page.hpp"

namespace graphpost::console {

void RegisterConnectionsRoutes(RouteTable&, ConsoleDeps&) {}

}  // namespace graphpost::console
