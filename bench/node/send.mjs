// The Node peer of bench/client_send_bench.cpp: Microsoft's own stack (@azure/msal-node for the
// client-credentials token, from its in-memory cache after the first request, and
// @microsoft/microsoft-graph-client for sendMail) sending the same message through the graphpost
// sandbox, configured as tests/interop/lib.mjs configures it. `concurrency` async workers share one
// ConfidentialClientApplication and one Graph client. A warm-up (which also fetches the token and
// lets the JIT settle) runs first, then `count` messages are timed. Prints one JSON line:
//   {"messages":N,"seconds":wall,"cpu_seconds":user+sys of this process (process.cpuUsage())}
// Usage (the CA via NODE_EXTRA_CA_CERTS; the secret only from its file):
//   node send.mjs BASE_URL TENANT CLIENT_ID SECRET_FILE MAILBOX TO [count=3000] [concurrency=16] [warmup=300]
import { readFileSync } from "node:fs";

import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";

const [baseArg, tenant, clientId, secretFile, mailbox, to, countArg, concurrencyArg, warmupArg] = process.argv.slice(2);
if (!to) {
  console.error("usage: node send.mjs BASE_URL TENANT CLIENT_ID SECRET_FILE MAILBOX TO [count] [concurrency] [warmup]");
  process.exit(2);
}
const baseUrl = baseArg.replace(/\/+$/, "");
const count = Number(countArg ?? 3000);
const concurrency = Number(concurrencyArg ?? 16);
const warmup = Number(warmupArg ?? 300);
const scopes = ["https://graph.microsoft.com/.default"];

const app = new ConfidentialClientApplication({
  auth: {
    clientId,
    authority: `${baseUrl}/${tenant}`,
    knownAuthorities: [new URL(baseUrl).host],
    clientSecret: readFileSync(secretFile, "utf8").trim(),
  },
  system: { loggerOptions: { loggerCallback: () => {}, piiLoggingEnabled: false, logLevel: LogLevel.Error } },
});

let tokenRequests = 0;
const graph = Client.initWithMiddleware({
  authProvider: {
    getAccessToken: async () => {
      const result = await app.acquireTokenByClientCredential({ scopes });
      if (!result.fromCache) tokenRequests++;
      return result.accessToken;
    },
  },
  baseUrl: `${baseUrl}/`,
  customHosts: new Set([new URL(baseUrl).hostname]),
  defaultVersion: "v1.0",
});

// The same body graphpost sends (graph/mail_message.cpp SendMailToGraphJson), built per message as
// an application would.
function sendMailBody() {
  return {
    message: {
      subject: "graphpost client benchmark",
      body: { contentType: "Text", content: "Sent with client credentials through Microsoft Graph (the sandbox)." },
      toRecipients: [{ emailAddress: { address: to } }],
    },
    saveToSentItems: true,
  };
}

const sendMailPath = `/users/${encodeURIComponent(mailbox)}/sendMail`;
let failures = 0;
let firstError;

async function sendAll(total) {
  let next = 0;
  const worker = async () => {
    while (next++ < total) {
      try {
        await graph.api(sendMailPath).post(sendMailBody());
      } catch (error) {
        if (failures++ === 0) firstError = `${error.statusCode ?? ""} ${error.code ?? ""} ${error.message ?? error}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

await sendAll(warmup);
const tokensBefore = tokenRequests;
const cpuStart = process.cpuUsage();
const wallStart = process.hrtime.bigint();
await sendAll(count);
const seconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({
  messages: count,
  seconds: Number(seconds.toFixed(4)),
  cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(4)),
  concurrency,
  token_requests: tokenRequests - tokensBefore,  // during the timed phase
  failures,
}));
if (failures > 0) {
  console.error(`send.mjs: ${failures} send(s) failed; first: ${firstError}`);
  process.exit(1);
}
