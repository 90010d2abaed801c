// The Entra steps of a plan on the sandbox's admin API (tenants/{t}/apps...), as entra.ps1 does
// them with Microsoft Graph PowerShell: look before create, bind what is learnt.
#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "setup/internal/sandbox_steps.hpp"

namespace graphpost::setup::internal {
namespace {

namespace json = boost::json;

std::string AppPath(const StepContext& ctx) {
  return TenantPath(ctx.bindings.tenant_id) + "/apps/" + PercentEncode(ctx.bindings.app_id);
}

void BindApp(Bindings& b, const json::value& description) {
  b.app_id = JsonString(description, "appId").value_or("");
  b.app_object_id = JsonString(description, "objectId").value_or("");
  b.sp_object_id = JsonString(description, "servicePrincipalObjectId").value_or("");
}

// The registrations named `name` (display names may repeat in Entra).
Result<std::vector<json::value>> AppsNamed(StepContext& ctx, std::string_view name) {
  auto list = ctx.admin.Call("GET", TenantPath(ctx.bindings.tenant_id) + "/apps", nullptr);
  if (!list) return Fail(list.error());
  std::vector<json::value> out;
  if (const json::array* apps = JsonArray(*list, "applications")) {
    for (const auto& app : *apps) {
      if (JsonString(app, "displayName").value_or("") == name) out.push_back(app);
    }
  }
  return out;
}

Result<StepDone> EnsureApplication(StepContext& ctx, const Step& step) {
  if (!ctx.bindings.app_id.empty()) {
    auto d = DescribeBoundApp(ctx);
    if (!d) return Fail(d.error());
    BindApp(ctx.bindings, *d);
    return StepDone{false, "app ID " + ctx.bindings.app_id};
  }
  auto named = AppsNamed(ctx, step.name);
  if (!named) return Fail(named.error());
  if (named->size() > 1) {
    return Fail(ErrorCode::kFailedPrecondition,
                std::to_string(named->size()) + " app registrations are named '" + step.name +
                    "'; rename or delete the extra ones so the name finds one app");
  }
  if (named->size() == 1) {
    BindApp(ctx.bindings, named->front());
    return StepDone{false, "already registered, app ID " + ctx.bindings.app_id};
  }
  auto made = ctx.admin.Call("POST", TenantPath(ctx.bindings.tenant_id) + "/apps",
                             json::object{{"displayName", step.name}});
  if (!made) return Fail(made.error());
  BindApp(ctx.bindings, *made);
  return StepDone{true, "registered, app ID " + ctx.bindings.app_id};
}

Result<StepDone> EnsureServicePrincipal(StepContext& ctx) {
  if (auto ok = RequireApp(ctx); !ok) return Fail(ok.error());
  if (!ctx.bindings.sp_object_id.empty()) {
    // The portal (and the sandbox) makes the Enterprise application with the registration.
    return StepDone{false, "Enterprise application object ID " + ctx.bindings.sp_object_id};
  }
  auto made = ctx.admin.Call("POST", AppPath(ctx) + "/servicePrincipal", nullptr);
  if (!made) return Fail(made.error());
  BindApp(ctx.bindings, *made);
  if (ctx.bindings.sp_object_id.empty()) {
    return Fail(ErrorCode::kInternal, "the sandbox made no Enterprise application");
  }
  return StepDone{true, "created, object ID " + ctx.bindings.sp_object_id};
}

const json::object* FindByName(const json::object& d, std::string_view list, std::string_view key,
                               std::string_view value) {
  if (const json::array* items = JsonArray(d, list)) {
    for (const auto& item : *items) {
      if (item.is_object() && AsciiIEquals(JsonString(item, key).value_or(""), value))
        return &item.get_object();
    }
  }
  return nullptr;
}

Result<StepDone> AddClientSecret(StepContext& ctx, const Step& step) {
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  if (const json::object* s = FindByName(*d, "secrets", "displayName", step.name);
      s != nullptr && !JsonBool(*s, "expired").value_or(false)) {
    return StepDone{false, "a secret named '" + step.name + "' exists (valid until " +
                               JsonString(*s, "endDateTime").value_or("?") +
                               "); its value was shown once, when it was made"};
  }
  auto made = ctx.admin.Call("POST", AppPath(ctx) + "/secrets",
                             json::object{{"displayName", step.name}, {"months", step.months}});
  if (!made) return Fail(made.error());
  ctx.bindings.client_secret = Secret(JsonString(*made, "value").value_or(""));
  return StepDone{true, "secret '" + step.name + "' added, valid until " +
                            JsonString(*made, "endDateTime").value_or("?")};
}

Result<StepDone> AddCertificate(StepContext& ctx, const Step& step) {
  if (auto ok = RequireApp(ctx); !ok) return Fail(ok.error());
  if (ctx.bindings.certificate_pem.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "no certificate was given to upload");
  }
  auto made = ctx.admin.Call(
      "POST", AppPath(ctx) + "/certificates",
      json::object{{"certificatePem", ctx.bindings.certificate_pem}, {"displayName", step.name}});
  if (!made && made.error().code == ErrorCode::kAlreadyExists) {
    return StepDone{false, "the certificate is already uploaded"};
  }
  if (!made) return Fail(made.error());
  return StepDone{
      true, "certificate uploaded, thumbprint " + JsonString(*made, "thumbprint").value_or("?")};
}

// The application permission `value` as the portal lists it, or null.
const json::object* AppPermission(const json::object& d, std::string_view value) {
  if (const json::array* items = JsonArray(d, "permissions")) {
    for (const auto& p : *items) {
      if (p.is_object() && AsciiIEquals(JsonString(p, "value").value_or(""), value) &&
          JsonString(p, "type").value_or("") == "Application")
        return &p.get_object();
    }
  }
  return nullptr;
}

bool Configured(const json::object* p) { return p && JsonBool(*p, "configured").value_or(false); }
bool Granted(const json::object* p) { return p && JsonString(*p, "status") == "Granted"; }

Result<StepDone> EnsureGraphPermission(StepContext& ctx, const Step& step) {
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  if (Configured(AppPermission(*d, step.name))) return StepDone{false, "already configured"};
  auto made = ctx.admin.Call("POST", AppPath(ctx) + "/permissions",
                             json::object{{"value", step.name}, {"type", "Application"}});
  if (!made) return Fail(made.error());
  return StepDone{true, "added (not yet consented)"};
}

Result<StepDone> GrantAdminConsent(StepContext& ctx, const Step& step) {
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  const json::object* p = AppPermission(*d, step.name);
  if (Granted(p)) return StepDone{false, "already granted"};
  if (!Configured(p)) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the app does not request " + step.name + ", so there is nothing to consent to");
  }
  auto done = ctx.admin.Call("POST", AppPath(ctx) + "/consent", nullptr);
  if (!done) return Fail(done.error());
  return StepDone{true, "granted"};
}

Result<StepDone> RemoveGraphPermission(StepContext& ctx, const Step& step) {
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  if (!Configured(AppPermission(*d, step.name))) return StepDone{false, "not configured"};
  auto done =
      ctx.admin.Call("DELETE", AppPath(ctx) + "/permissions/" + PercentEncode(step.name), nullptr);
  if (!done) return Fail(done.error());
  return StepDone{true, "removed from the registration"};
}

// Only this permission's app role assignment goes; the other grants stay.
Result<StepDone> RevokeAdminConsent(StepContext& ctx, const Step& step) {
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  if (!Granted(AppPermission(*d, step.name))) return StepDone{false, "not granted"};
  auto done =
      ctx.admin.Call("DELETE", AppPath(ctx) + "/consent/" + PercentEncode(step.name), nullptr);
  if (!done) return Fail(done.error());
  return StepDone{true, "consent revoked"};
}

}  // namespace

Result<StepDone> RunEntraStep(StepContext& ctx, const Step& step) {
  switch (step.kind) {
    case StepKind::kEnsureApplication:
      return EnsureApplication(ctx, step);
    case StepKind::kEnsureServicePrincipal:
      return EnsureServicePrincipal(ctx);
    case StepKind::kAddClientSecret:
      return AddClientSecret(ctx, step);
    case StepKind::kAddCertificate:
      return AddCertificate(ctx, step);
    case StepKind::kEnsureGraphPermission:
      return EnsureGraphPermission(ctx, step);
    case StepKind::kGrantAdminConsent:
      return GrantAdminConsent(ctx, step);
    case StepKind::kRemoveGraphPermission:
      return RemoveGraphPermission(ctx, step);
    case StepKind::kRevokeAdminConsent:
      return RevokeAdminConsent(ctx, step);
    default:
      return Fail(ErrorCode::kInternal, "not an Entra step");
  }
}

Result<json::object> DescribeBoundApp(StepContext& ctx) {
  if (ctx.bindings.app_id.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "no app is known yet (the app registration step must run first)");
  }
  auto d = ctx.admin.Call("GET", AppPath(ctx), nullptr);
  if (!d) return Fail(d.error());
  if (!d->is_object()) return Fail(ErrorCode::kInternal, "the sandbox described the app oddly");
  if (ctx.bindings.app_object_id.empty() || ctx.bindings.sp_object_id.empty()) {
    BindApp(ctx.bindings, *d);
  }
  return d->get_object();
}

Status RequireApp(StepContext& ctx) {
  if (!ctx.bindings.sp_object_id.empty() && !ctx.bindings.app_object_id.empty()) return Ok();
  auto d = DescribeBoundApp(ctx);
  if (!d) return Fail(d.error());
  return Ok();
}

}  // namespace graphpost::setup::internal
