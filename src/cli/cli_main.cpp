// The command line: CLI11 parsing of every command group's flags (smtp-account's are in
// smtp_account_cli.cpp, so this file stops growing) and each command body is a plain function
// elsewhere in cli/.
#include <unistd.h>

#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/cli.hpp"
#include "cli/client_commands.hpp"
#include "cli/command_args.hpp"
#include "cli/exit_codes.hpp"
#include "cli/gateway_commands.hpp"
#include "cli/sandbox_commands.hpp"
#include "cli/setup_commands.hpp"
#include "cli/smtp_account_commands.hpp"
#include "core/files.hpp"
#include "core/form.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;
using Action = std::function<Status()>;

std::string Q(const std::string& s) { return PercentEncode(s); }

std::string JsonBody(json::object o) { return ToJson(o); }

void AddTenantCommands(CLI::App& sandbox, SandboxGlobal& g, TenantArgs& args, Action& action) {
  auto* tenant = sandbox.add_subcommand("tenant", "Tenants in the sandbox")->require_subcommand(1);
  tenant->add_subcommand("list", "List tenants")->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.path = "tenants",
                              .tenant_scoped = false,
                              .list_key = "tenants",
                              .columns = {"id", "displayName", "domains"}});
    };
  });
  auto* create =
      tenant->add_subcommand("create", "Create a tenant with a <prefix>.onmicrosoft.com domain");
  std::string& name = args.name;
  std::string& prefix = args.prefix;
  std::string& domain = args.domain;
  create->add_option("--name", name, "Display name")->required();
  create->add_option("--domain-prefix", prefix, "Initial domain prefix")->required();
  create->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.method = "POST",
              .path = "tenants",
              .tenant_scoped = false,
              .body_json = JsonBody({{"displayName", name}, {"domainPrefix", prefix}})});
    };
  });
  auto* add_domain = tenant->add_subcommand("add-domain", "Add a custom domain to the tenant");
  add_domain->add_option("domain", domain, "Domain name")->required();
  add_domain->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.method = "POST", .path = "domains", .body_json = JsonBody({{"domain", domain}})});
    };
  });
}

void AddAppCommands(CLI::App& sandbox, SandboxGlobal& g, AppArgs& args, Action& action) {
  auto* app = sandbox.add_subcommand("app", "App registrations (Entra portal steps 1-4)")
                  ->require_subcommand(1);
  std::string& app_id = args.app_id;
  std::string& name = args.name;
  std::string& value = args.value;
  std::string& key_id = args.key_id;
  std::string& cert_file = args.cert_file;
  std::string& value_file = args.value_file;
  std::string& end = args.end;
  int& months = args.months;
  bool& delegated = args.delegated;
  auto simple = [&](const std::string& verb, const std::string& help, const std::string& method,
                    std::function<std::string()> path, std::function<std::string()> body = {}) {
    auto* cmd = app->add_subcommand(verb, help);
    cmd->add_option("app-id", app_id, "Application (client) ID")->required();
    cmd->callback([&, method, path, body] {
      action = [&, method, path, body] {
        return RunAdminCall(g, {.method = method, .path = path(), .body_json = body ? body() : ""});
      };
    });
    return cmd;
  };
  auto* reg = app->add_subcommand("register",
                                  "Register a single-tenant app (creates its enterprise app too)");
  reg->add_option("--name", name, "Display name")->required();
  reg->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.method = "POST", .path = "apps", .body_json = JsonBody({{"displayName", name}})});
    };
  });
  app->add_subcommand("list", "List app registrations")->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.path = "apps",
              .list_key = "applications",
              .columns = {"displayName", "appId", "servicePrincipalObjectId", "enabled"}});
    };
  });
  simple("show", "Show IDs, permissions, secrets and certificates", "GET",
         [&] { return "apps/" + Q(app_id); });
  auto* add_perm = simple(
      "add-permission", "Add a Microsoft Graph permission", "POST",
      [&] { return "apps/" + Q(app_id) + "/permissions"; },
      [&] {
        return JsonBody({{"value", value}, {"type", delegated ? "Delegated" : "Application"}});
      });
  add_perm->add_option("permission", value, "e.g. Mail.Send")->required();
  add_perm->add_flag("--delegated", delegated,
                     "A delegated permission instead of an application one");
  auto* rm_perm = simple("remove-permission", "Remove a permission", "DELETE",
                         [&] { return "apps/" + Q(app_id) + "/permissions/" + Q(value); });
  rm_perm->add_option("permission", value, "e.g. Mail.Send")->required();
  simple("grant-consent", "Grant admin consent for the tenant", "POST",
         [&] { return "apps/" + Q(app_id) + "/consent"; });
  simple("revoke-consent", "Revoke admin consent (remove the app role assignments)", "DELETE",
         [&] { return "apps/" + Q(app_id) + "/consent"; });
  auto* add_secret =
      app->add_subcommand("add-secret", "New client secret; its value is shown once");
  add_secret->add_option("app-id", app_id, "Application (client) ID")->required();
  add_secret->add_option("--name", name, "Description");
  add_secret->add_option("--months", months, "Expiry in months (default 12)");
  add_secret->add_option("--end", end, "Expiry date-time (ISO 8601), instead of --months");
  add_secret->add_option("--value-file", value_file,
                         "Write the value to this file (0600) instead of printing it");
  add_secret->callback([&] {
    action = [&] {
      json::object body{{"displayName", name}, {"months", months}};
      if (!end.empty()) body["endDateTime"] = end;
      return RunAddSecret(g, app_id, ToJson(body), value_file);
    };
  });
  auto* rm_secret = simple("remove-secret", "Delete a client secret", "DELETE",
                           [&] { return "apps/" + Q(app_id) + "/secrets/" + Q(key_id); });
  rm_secret->add_option("key-id", key_id, "The secret's ID")->required();
  auto* add_cert = simple(
      "add-certificate", "Upload a certificate (public part, PEM)", "POST",
      [&] { return "apps/" + Q(app_id) + "/certificates"; },
      [&] {
        auto pem = ReadFileText(cert_file);
        return JsonBody({{"certificatePem", pem ? *pem : ""}, {"displayName", name}});
      });
  add_cert->add_option("--cert", cert_file, "Certificate PEM file")
      ->required()
      ->check(CLI::ExistingFile);
  add_cert->add_option("--name", name, "Description");
  simple("disable", "Disable sign-in for the enterprise app", "POST",
         [&] { return "apps/" + Q(app_id) + "/disable"; });
  simple("enable", "Enable sign-in for the enterprise app", "POST",
         [&] { return "apps/" + Q(app_id) + "/enable"; });
  simple("delete", "Delete the app registration and its enterprise app", "DELETE",
         [&] { return "apps/" + Q(app_id); });
}

void AddMailCommands(CLI::App& sandbox, SandboxGlobal& g, MailArgs& args, Action& action) {
  std::string& upn = args.upn;
  std::string& name = args.name;
  std::string& mailbox = args.mailbox;
  std::string& folder = args.folder;
  bool& no_license = args.no_license;
  auto* user = sandbox.add_subcommand("user", "Entra users")->require_subcommand(1);
  auto* add =
      user->add_subcommand("add", "Create a user (licensed: with an Exchange Online mailbox)");
  add->add_option("upn", upn, "User principal name")->required();
  add->add_option("--name", name, "Display name");
  add->add_flag("--no-license", no_license, "No Exchange Online license, hence no mailbox");
  add->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.method = "POST",
              .path = "users",
              .body_json = JsonBody(
                  {{"userPrincipalName", upn}, {"displayName", name}, {"licensed", !no_license}})});
    };
  });
  auto* mb = sandbox.add_subcommand("mailbox", "List the messages in a mailbox folder");
  mb->add_option("address", mailbox, "Mailbox address or id")->required();
  mb->add_option("--folder", folder, "inbox, sentitems, drafts, ... (default inbox)");
  mb->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.path = "mailboxes/" + Q(mailbox) + "/folders/" + Q(folder),
                              .list_key = "value",
                              .columns = {"receivedDateTime", "from", "toRecipients", "subject",
                                          "hasAttachments"}});
    };
  });
  static std::string header = "X-Graphpost-Id";
  auto* deliveries = sandbox.add_subcommand(
      "deliveries",
      "Count the copies of each message (by a header's value) in Inboxes, Sent "
      "Items and the internet sink");
  deliveries->add_option("--header", header,
                         "Header whose values are counted (default X-Graphpost-Id)");
  deliveries->callback([&] { action = [&] { return RunSandboxDeliveries(g, header); }; });
  sandbox.add_subcommand("internet", "List messages sent outside the tenant")->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.path = "internet",
                              .list_key = "value",
                              .columns = {"receivedDateTime", "envelopeTo", "from", "subject"}});
    };
  });
}

void AddOperationCommands(CLI::App& sandbox, SandboxGlobal& g, OperationArgs& args,
                          Action& action) {
  std::size_t& limit = args.limit;
  std::uint64_t& after = args.after;
  std::vector<std::string>& sets = args.sets;
  std::string& fault_json = args.fault_json;
  auto* req = sandbox.add_subcommand(
      "requests",
      "The request log (time, method, path, status (0 when dropped), dropped, app, mailbox, "
      "duration)");
  req->add_option("--limit", limit, "At most this many entries");
  req->add_option("--after", after, "Only entries after this sequence number");
  req->callback([&] {
    action = [&] {
      return RunAdminCall(
          g, {.path = "requests?after=" + std::to_string(after) + "&limit=" + std::to_string(limit),
              .tenant_scoped = false,
              .list_key = "requests",
              .columns = {"sequence", "time", "method", "path", "status", "dropped", "app",
                          "mailbox", "durationMs"}});
    };
  });
  auto* settings = sandbox.add_subcommand(
      "settings", "Show or change limits, token lifetime and propagation delay");
  settings->add_option("--set", sets, "name=value (see docs/sandbox.md)");
  settings->callback([&] {
    action = [&] {
      auto patch = SettingsPatch(sets);
      if (!patch) return Status(Fail(patch.error()));
      return RunAdminCall(g, {.method = sets.empty() ? "GET" : "PATCH",
                              .path = "settings",
                              .tenant_scoped = false,
                              .body_json = sets.empty() ? "" : ToJson(*patch)});
    };
  });
  auto* faults = sandbox.add_subcommand("faults", "Fault injection")->require_subcommand(1);
  faults->add_subcommand("list", "List active faults")->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.path = "faults",
                              .tenant_scoped = false,
                              .list_key = "faults",
                              .columns = {"tenantId", "mailboxId", "errorRate", "errorStatus",
                                          "latencyMs", "dropRate", "tokenOutage"}});
    };
  });
  auto* add =
      faults->add_subcommand("add", "Add a fault, e.g. '{\"errorRate\":0.2,\"errorStatus\":429}'");
  add->add_option("spec", fault_json,
                  "JSON: tenantId mailboxId errorRate errorStatus latencyMs dropRate tokenOutage")
      ->required();
  add->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.method = "POST",
                              .path = "faults",
                              .tenant_scoped = false,
                              .body_json = fault_json,
                              .list_key = "faults",
                              .columns = {"tenantId", "mailboxId", "errorRate", "errorStatus",
                                          "latencyMs", "dropRate", "tokenOutage"}});
    };
  });
  faults->add_subcommand("clear", "Remove every fault")->callback([&] {
    action = [&] {
      return RunAdminCall(g, {.method = "DELETE", .path = "faults", .tenant_scoped = false});
    };
  });
}

void AddSandboxCommands(CLI::App& root, SandboxGlobal& g, ServeOptions& serve, SandboxArgs& args,
                        Action& action) {
  auto* sandbox =
      root.add_subcommand("sandbox",
                          "An offline Microsoft 365 tenant: Entra ID, Graph mail, Exchange RBAC")
          ->require_subcommand(1);
  sandbox->add_option(
      "--state-dir", g.state_dir,
      "State directory (default $GRAPHPOST_SANDBOX_DIR or ~/.local/state/graphpost/sandbox)");
  sandbox->add_option("--tenant", g.tenant, "Tenant id or domain (default: the only tenant)");
  sandbox->add_flag("--json", g.json, "Print JSON for scripts");
  auto* s = sandbox->add_subcommand("serve", "Run the sandbox (HTTPS on 127.0.0.1) until Ctrl-C");
  s->add_option("--host", serve.host, "Address to bind (default 127.0.0.1)");
  s->add_option("--port", serve.port, "Port; 0 picks a free one and prints it (default 0)")
      ->check(CLI::Range(0, 65535));
  s->add_option("--threads", serve.threads, "I/O threads (default 2)")->check(CLI::Range(1, 64));
  s->add_option("--scenario", serve.scenario,
                "Scenario JSON loaded when there is no saved state (or with --reset)");
  s->add_flag("--reset", serve.reset, "Ignore saved state and start from the scenario");
  s->add_flag("--fsync", serve.fsync,
              "Flush each mail change to disk before answering (survives power loss; slower)");
  s->add_option("--set", serve.settings, "Setting name=value, e.g. propagationDelaySeconds=0");
  s->callback([&] { action = [&] { return RunSandboxServe(g, serve); }; });
  sandbox->add_subcommand("status", "Show where the running sandbox listens")->callback([&] {
    action = [&] { return RunSandboxStatus(g); };
  });
  AddTenantCommands(*sandbox, g, args.tenant, action);
  AddAppCommands(*sandbox, g, args.app, action);
  AddMailCommands(*sandbox, g, args.mail, action);
  AddOperationCommands(*sandbox, g, args.operation, action);
  std::string& cmdlet = args.cmdlet;
  auto* exo = sandbox->add_subcommand(
      "exo", "Run an Exchange Online cmdlet, e.g. exo Get-Mailbox references@company.com");
  exo->add_option("cmdlet", cmdlet, "Cmdlet name, then its -Parameter value pairs")->required();
  // Everything after the cmdlet name is PowerShell-style and parsed by ParseCmdletArgs, so none
  // of it may fall through to `sandbox` (give `--json` before `exo`).
  exo->prefix_command();
  exo->fallthrough(false);
  exo->callback([&, exo] {
    action = [&, args = exo->remaining()] { return RunExoCmdlet(g, cmdlet, args); };
  });
}

// `graphpost send --bulk recipients.csv --template message.toml`: the mail merge through the
// running gateway. Its flags live beside send's; `--bulk` turns send's own flags off.
CLI::Option* AddBulkFlags(CLI::App* send, BulkSendOptions& b) {
  auto* bulk = send->add_option("--bulk", b.recipients_file,
                                "Mail merge through the running gateway: a CSV of recipients "
                                "(email, name, merge fields)");
  auto* tmpl = send->add_option("--template", b.template_file,
                                "With --bulk: the message (TOML) with {{column}} placeholders");
  tmpl->needs(bulk);
  bulk->needs(tmpl);
  auto with_bulk = [&](CLI::Option* o) { o->needs(bulk); };
  with_bulk(send->add_option("--results", b.results_file,
                             "With --bulk: results file, CSV or *.json (default "
                             "<recipients>.results.csv)"));
  with_bulk(send->add_option("--api-key-file", b.api_key_file,
                             "With --bulk: the API key to use (a 0600 file; default the "
                             "operator key of the data directory)"));
  with_bulk(send->add_flag("--dry-run", b.dry_run,
                           "With --bulk: check every row, print the first message and the count, "
                           "queue nothing"));
  with_bulk(send->add_flag("--wait", b.wait,
                           "With --bulk: follow delivery to the end, with an ETA from the lane's "
                           "pacing"));
  with_bulk(send->add_option("--rate", b.messages_per_minute,
                             "With --wait: messages per minute for the ETA (default: the "
                             "gateway's pacing of the connection)")
                ->check(CLI::PositiveNumber));
  with_bulk(send->add_option("--batch-size", b.batch_size, "Messages per batch (1-1000)")
                ->check(CLI::Range(1, 1000)));
  return bulk;
}

// `exit_code` is set when the send ends in "delivery unknown", which has an exit code of its own.
void AddSendCommand(CLI::App& root, ClientGlobal& g, SendOptions& o, BulkSendOptions& b,
                    Action& action, int& exit_code) {
  auto* send = root.add_subcommand(
      "send",
      "Send one message through a connection, directly (no daemon); or with --bulk, a "
      "mail merge through the running gateway");
  auto* connection = send->add_option("--connection,-c", o.connection, "Connection name");
  auto* to = send->add_option("--to", o.to, "Recipient (repeat, or comma-separated)");
  send->add_option("--cc", o.cc, "Cc recipient");
  send->add_option("--bcc", o.bcc, "Bcc recipient");
  send->add_option("--reply-to", o.reply_to, "Reply-To address");
  auto* subject = send->add_option("--subject,-s", o.subject, "Subject");
  auto* text = send->add_option("--text", o.text, "Plain-text body");
  auto* html = send->add_option("--html", o.html, "HTML body");
  auto* file =
      send->add_option("--body-file", o.body_file, "Body from a file (.html/.htm is sent as HTML)");
  text->excludes(html)->excludes(file);
  html->excludes(file);
  send->add_option("--attach,-a", o.attach,
                   "Attach a file (repeat); 3 MB and larger use an upload session");
  send->add_option("--header", o.headers, "Custom header 'X-Name: value' (must start with X-)");
  send->add_flag("--no-save-to-sent", o.no_save_to_sent,
                 "Do not keep a copy in Sent Items (then a lost answer cannot be checked)");
  send->add_option("--retry-for", o.retry_for_seconds,
                   "Retry throttling and outages for at most this many seconds (default 120)")
      ->check(CLI::NonNegativeNumber);
  send->add_option("--timeout", o.timeout_seconds,
                   "Wait at most this many seconds for each Graph answer (default 60)")
      ->check(CLI::PositiveNumber);
  // For tests: how often and how far apart Sent Items is searched after a lost answer.
  send->add_option("--sent-items-lookups", o.sent_items_lookups)
      ->group("")
      ->check(CLI::PositiveNumber);
  send->add_option("--sent-items-pause", o.sent_items_pause_seconds)
      ->group("")
      ->check(CLI::NonNegativeNumber);
  auto* bulk = AddBulkFlags(send, b);
  for (auto* direct : {connection, to, subject, text, html, file}) bulk->excludes(direct);
  send->add_flag("--json", g.json, "Print JSON for scripts");
  send->callback([&, bulk, connection, subject] {
    if (bulk->count()) {
      b.progress_bar = ::isatty(STDERR_FILENO) == 1;
      action = [&] { return RunBulkSend(g, b); };
      return;
    }
    if (!connection->count()) throw CLI::RequiredError("--connection");
    if (!subject->count()) throw CLI::RequiredError("--subject");
    action = [&]() -> Status {
      auto sent = RunSend(g, o);
      if (sent) return Ok();
      if (sent.error().delivery_unknown) exit_code = kExitDeliveryUnknown;
      return Fail(sent.error().error);
    };
  });
}

// Every option of the gateway commands, owned by Run() for the length of the parse and the run.
struct GatewayCommandOptions {
  ServeGatewayOptions serve;
  ApiKeyCreateOptions key;
  QueueListOptions list;
  std::string id, older_than;
  std::string host, tls_cert, tls_key, shutdown_deadline;
  int port = 0;
};

void AddServeCommand(CLI::App& root, ClientGlobal& g, GatewayCommandOptions& o, Action& action) {
  auto* serve = root.add_subcommand(
      "serve",
      "Run the gateway: the REST API, the SMTP submission listener (127.0.0.1:2525 by default; "
      "smtp.* settings, docs/smtp.md), the web console under /ui (docs/console.md), the outbox "
      "and the delivery engine (Ctrl-C stops)");
  serve->add_option("--config", o.serve.config_file,
                    "TOML configuration file (then GRAPHPOST_* variables, then flags, win)");
  serve->add_flag("--check-config", o.serve.check_config,
                  "Check the configuration (TLS files exist, smtp.relay connections are saved), "
                  "print it (no secrets) and exit");
  serve->add_flag("--demo", o.serve.demo,
                  "Also run the sandbox (the setup guide's tenant) in this process, with a demo "
                  "connection, API key and SMTP account 'demo' (password in "
                  "<data dir>/demo-smtp.password; plain SMTP unless smtp.tls_cert is set), and "
                  "print a curl and a swaks line that send a first message");
  serve->add_flag("--no-console", o.serve.no_console,
                  "Do not serve the web console under /ui (console.enabled = false)");
  serve->add_option("--demo-scenario", o.serve.demo_scenario,
                    "Scenario for --demo (default scenarios/setup-guide.json)");
  auto* host = serve->add_option("--host", o.host, "Address to bind (server.host)");
  auto* port = serve->add_option("--port", o.port, "Port; 0 picks a free one (server.port)")
                   ->check(CLI::Range(0, 65535));
  auto* cert = serve->add_option("--tls-cert", o.tls_cert,
                                 "Certificate chain (PEM): serve HTTPS (server.tls_cert)");
  auto* key =
      serve->add_option("--tls-key", o.tls_key, "Its private key, PEM, 0600 (server.tls_key)");
  auto* deadline = serve->add_option(
      "--shutdown-deadline", o.shutdown_deadline,
      "On SIGTERM, wait this long for in-flight sends, e.g. 30s (server.shutdown_deadline)");
  serve->add_option("--set", o.serve.sets,
                    "Any setting: key=value, e.g. lanes.messages_per_minute=20");
  serve->callback([&, host, port, cert, key, deadline] {
    action = [&, host, port, cert, key, deadline] {
      if (host->count()) o.serve.host = o.host;
      if (port->count()) o.serve.port = o.port;
      if (cert->count()) o.serve.tls_cert = o.tls_cert;
      if (key->count()) o.serve.tls_key = o.tls_key;
      if (deadline->count()) o.serve.shutdown_deadline = o.shutdown_deadline;
      return RunServe(g, o.serve);
    };
  });
}

void AddConsoleCommands(CLI::App& root, ClientGlobal& g, Action& action) {
  auto* console = root.add_subcommand("console", "The web console of `graphpost serve` (/ui)")
                      ->require_subcommand(1);
  console->add_flag("--json", g.json, "Print JSON for scripts");
  console
      ->add_subcommand("reset-token",
                       "Make a new console admin token, shown once; the running gateway takes it "
                       "at the next sign-in")
      ->callback([&] { action = [&] { return RunConsoleResetToken(g); }; });
}

void AddApiKeyCommands(CLI::App& root, ClientGlobal& g, GatewayCommandOptions& o, Action& action) {
  auto* apikey = root.add_subcommand("apikey", "API keys of the running gateway (as the operator)")
                     ->require_subcommand(1);
  apikey->add_flag("--json", g.json, "Print JSON for scripts");
  auto* create = apikey->add_subcommand("create", "Make a key; it is shown once");
  create->add_option("--name", o.key.name, "What the key is for")->required();
  create->add_option("--connection", o.key.connections,
                     "A connection it may send through (repeat)");
  create->add_flag("--admin", o.key.admin, "Sees and manages every message (operators)");
  create->callback([&] { action = [&] { return RunApiKeyCreate(g, o.key); }; });
  apikey->add_subcommand("ls", "List keys (never their text)")->callback([&] {
    action = [&] { return RunApiKeyList(g); };
  });
  auto* revoke = apikey->add_subcommand("revoke", "Revoke a key");
  revoke->add_option("id", o.id, "The key's id (k_...)")->required();
  revoke->callback([&] { action = [&] { return RunApiKeyRevoke(g, o.id); }; });
}

void AddQueueCommands(CLI::App& root, ClientGlobal& g, GatewayCommandOptions& o, Action& action) {
  auto* queue = root.add_subcommand("queue", "Messages in the running gateway's outbox")
                    ->require_subcommand(1);
  queue->add_flag("--json", g.json, "Print JSON for scripts");
  auto* ls = queue->add_subcommand("ls", "List messages, newest first");
  ls->add_option("--status", o.list.status,
                 "queued, sending, delivered, failed, expired or cancelled");
  ls->add_option("--connection", o.list.connection, "Only this connection's");
  ls->add_option("--sender", o.list.sender, "Only this sender mailbox's");
  ls->add_option("--recipient", o.list.recipient,
                 "Only messages to this address (To, Cc or Bcc; whole, any case)");
  ls->add_option("--limit", o.list.limit, "At most this many (default 50)")
      ->check(CLI::Range(1, 1000));
  ls->add_option("--cursor", o.list.cursor, "The next page, as printed by the previous one");
  ls->callback([&] { action = [&] { return RunQueueList(g, o.list); }; });
  auto by_id = [&](const char* name, const char* help,
                   Status (*run)(const ClientGlobal&, const std::string&)) {
    auto* cmd = queue->add_subcommand(name, help);
    cmd->add_option("id", o.id, "The message id")->required();
    cmd->callback([&, run] { action = [&, run] { return run(g, o.id); }; });
  };
  by_id("show", "A message with its delivery attempts", RunQueueShow);
  by_id("retry", "Queue a failed, expired or cancelled message again", RunQueueRetry);
  by_id("cancel", "Cancel a queued message", RunQueueCancel);
  auto* purge = queue->add_subcommand("purge", "Delete finished messages older than an age");
  purge->add_option("--older-than", o.older_than, "e.g. 7d, 12h")->required();
  purge->callback([&] { action = [&] { return RunQueuePurge(g, o.older_than); }; });
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "graphpost — send mail from Microsoft 365 mailboxes as an application, with no passwords"};
  app.require_subcommand(1);
  // Inherited by every subcommand: an option a subcommand does not know is tried on its parents,
  // so `connection test NAME --json` means `connection --json test NAME`.
  app.fallthrough();
  app.set_version_flag("--version", "graphpost 0.1.0");
  SandboxGlobal global{.state_dir = DefaultSandboxDir()};
  ServeOptions serve;
  SandboxArgs sandbox_args;
  ConnectionArgs connection_args;
  SendOptions send_options;
  BulkSendOptions bulk_options;
  Action action;
  AddSandboxCommands(app, global, serve, sandbox_args, action);
  auto opt = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v && *v ? std::optional<std::string>(v) : std::nullopt;
  };
  ClientGlobal client{.data_dir = DefaultDataDir(),
                      .env = {.master_key = opt("GRAPHPOST_MASTER_KEY"),
                              .azure_tenant_id = opt("AZURE_TENANT_ID"),
                              .azure_client_id = opt("AZURE_CLIENT_ID"),
                              .azure_client_secret = opt("AZURE_CLIENT_SECRET"),
                              .azure_client_certificate_path = opt("AZURE_CLIENT_CERTIFICATE_PATH"),
                              .azure_authority_host = opt("AZURE_AUTHORITY_HOST"),
                              .lookup = [](const std::string& name) -> std::optional<std::string> {
                                const char* v = std::getenv(name.c_str());
                                return v ? std::optional<std::string>(v) : std::nullopt;
                              }}};
  auto* data_dir_option =
      app.add_option("--data-dir", client.data_dir,
                     "Data directory (default $GRAPHPOST_DATA_DIR or ~/.local/share/graphpost)");
  AddConnectionCommands(app, client, connection_args, action);
  int exit_code = 0;  // a command's own exit code for a failure, when it has one
  AddSendCommand(app, client, send_options, bulk_options, action, exit_code);
  GatewayCommandOptions gateway_options;
  std::error_code no_exe;
  gateway_options.serve.program = std::filesystem::read_symlink("/proc/self/exe", no_exe).string();
  if (no_exe) gateway_options.serve.program = argc > 0 ? argv[0] : "graphpost";
  AddServeCommand(app, client, gateway_options, action);
  AddApiKeyCommands(app, client, gateway_options, action);
  AddConsoleCommands(app, client, action);
  AddQueueCommands(app, client, gateway_options, action);
  SmtpAccountArgs smtp_account_args;
  AddSmtpAccountCommands(app, client, smtp_account_args, action);
  SetupArgs setup_args;
  AddSetupCommands(app, client, setup_args, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!action) return kExitUsage;
  gateway_options.serve.data_dir_given = data_dir_option->count() > 0;
  Status status = action();
  if (status) return kExitOk;
  if (global.json || client.json) {
    std::cerr << ToJson(json::object{{"error",
                                      {{"code", ErrorCodeName(status.error().code)},
                                       {"message", status.error().message}}}})
              << "\n";
  } else {
    std::cerr << "graphpost: " << status.error().message << "\n";
  }
  return exit_code ? exit_code : ExitCodeFor(status.error().code);
}

}  // namespace graphpost::cli
