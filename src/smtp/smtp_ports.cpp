#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp {

std::string Principal::Label() const {
  return (kind == Kind::kAccount ? "account:" : "range:") + name;
}

}  // namespace graphpost::smtp
