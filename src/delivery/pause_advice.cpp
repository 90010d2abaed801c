// The paused-lane texts; see pause_advice.hpp. The lanes resume when the engine sees the
// connection's credential change (docs/gateway.md, "Delivery"), so whatever the doctor advises,
// the last step is storing a new secret.
#include "delivery/pause_advice.hpp"

#include "doctor/send_advice.hpp"

namespace graphpost::delivery {

PauseAdvice AdviseOnPause(const connections::Connection& c, const Error& error) {
  const doctor::SendAdvice advice = doctor::AdviseOnSendFailure(c, error);
  PauseAdvice pause;
  pause.reason = advice.cause;
  // Unknown refusals carry the endpoint's words only: name the code too, the key to look it up.
  if (!error.remote_code.empty() && pause.reason.find(error.remote_code) == std::string::npos) {
    pause.reason += " (" + error.remote_code + ")";
  }
  const std::string resume =
      "The lanes resume as soon as the connection's secret changes: graphpost connection "
      "rotate-secret " +
      c.name + " --secret-stdin, or Rotate secret on the console's page of connection " + c.name +
      " (/ui/connections/" + c.name + ").";
  pause.fix = advice.fix.empty() ? resume : advice.fix + "\n" + resume;
  pause.alert = "connection " + c.name + ": " + advice.cause +
                " Its lanes are paused until the secret changes (graphpost connection "
                "rotate-secret " +
                c.name + ").";
  return pause;
}

}  // namespace graphpost::delivery
