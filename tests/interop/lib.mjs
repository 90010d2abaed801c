// Shared helpers for the interop tests. Everything about the sandbox comes from the environment
// that run.sh sets; secret VALUES are only ever read from files and never logged.
import { createHash, createSign, randomUUID, X509Certificate, constants as cryptoConstants } from "node:crypto";
import { readFileSync } from "node:fs";

import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (run the tests through tests/interop/run.sh)`);
  return value;
}

export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// Lazily evaluated so that a missing variable fails the test that needs it, with a clear message.
export const env = {
  get baseUrl() { return need("GP_BASE_URL").replace(/\/+$/, ""); },
  get hostPort() { return new URL(this.baseUrl).host; },
  get tenantId() { return need("GP_TENANT_ID"); },
  get tenantDomain() { return process.env.GP_TENANT_DOMAIN || "company.onmicrosoft.com"; },
  get clientId() { return need("GP_CLIENT_ID"); },
  get appDisplayName() { return process.env.GP_APP_DISPLAY_NAME || "SlapFive Email Automation"; },
  get servicePrincipalId() { return process.env.GP_SP_OBJECT_ID || "0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c"; },
  get secretFile() { return need("GP_SECRET_FILE"); },
  get expiredSecretFile() { return need("GP_EXPIRED_SECRET_FILE"); },
  get expiredSecretEnd() { return new Date(need("GP_EXPIRED_SECRET_END")); },
  get certFile() { return need("GP_CERT_FILE"); },
  get keyFile() { return need("GP_KEY_FILE"); },
  get unregisteredCertFile() { return need("GP_UNREGISTERED_CERT_FILE"); },
  get unregisteredKeyFile() { return need("GP_UNREGISTERED_KEY_FILE"); },
  get noConsentAppId() { return need("GP_NOCONSENT_APP_ID"); },
  get noConsentSecretFile() { return need("GP_NOCONSENT_SECRET_FILE"); },
  get disabledAppId() { return need("GP_DISABLED_APP_ID"); },
  get disabledSecretFile() { return need("GP_DISABLED_SECRET_FILE"); },
  get tokenEndpoint() { return `${this.baseUrl}/${this.tenantId}/oauth2/v2.0/token`; },
};

export function readSecret(file) {
  return readFileSync(file, "utf8").trim();
}

// Thumbprints as msal-node wants them: hex, no separators.
export function certificateInfo(certFile, keyFile) {
  const pem = readFileSync(certFile, "utf8");
  const cert = new X509Certificate(pem);
  const der = cert.raw;
  return {
    pem,
    privateKey: readFileSync(keyFile, "utf8"),
    sha1Hex: createHash("sha1").update(der).digest("hex").toUpperCase(),
    sha256Hex: createHash("sha256").update(der).digest("hex").toUpperCase(),
    x5t: createHash("sha1").update(der).digest("base64url"),
    x5tS256: createHash("sha256").update(der).digest("base64url"),
  };
}

// Only configuration differs from a real tenant: the authority host and knownAuthorities.
// extraAuth lets a test add e.g. authorityMetadata (still plain msal-node configuration).
export function newConfidentialClient({ tenant = env.tenantId, clientId = env.clientId, credential, extraAuth = {} } = {}) {
  const messages = [];
  const app = new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${env.baseUrl}/${tenant}`,
      knownAuthorities: [env.hostPort],
      ...credential,
      ...extraAuth,
    },
    system: {
      loggerOptions: {
        // Collected (never printed unless a test fails and prints them); PII stays off.
        loggerCallback: (_level, message) => messages.push(message),
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
      },
    },
  });
  app.logMessages = messages;
  return app;
}

export function secretCredential(file = env.secretFile) {
  return { clientSecret: readSecret(file) };
}

export async function acquireToken(app, scopes = [GRAPH_DEFAULT_SCOPE]) {
  return app.acquireTokenByClientCredential({ scopes });
}

export function decodeJwt(token) {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) throw new Error("not a compact JWS");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
  };
}

// A Graph client exactly as an application would build it, plus the sandbox's host/base URL.
export function newGraphClient(app) {
  return Client.initWithMiddleware({
    authProvider: {
      getAccessToken: async () => (await acquireToken(app)).accessToken,
    },
    baseUrl: `${env.baseUrl}/`,
    customHosts: new Set([new URL(env.baseUrl).hostname]),
    defaultVersion: "v1.0",
  });
}

// POST a form to the token endpoint (or any URL) with plain fetch.
export async function postForm(url, fields, { headers = {}, method = "POST" } = {}) {
  const init = { method, headers: { ...headers } };
  if (method !== "GET" && method !== "HEAD") {
    if (!Object.keys(init.headers).some((k) => k.toLowerCase() === "content-type")) {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    init.body = new URLSearchParams(fields).toString();
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

// A client assertion built by hand (the way msal-node builds it), so tests can break one part.
export function buildAssertion({
  certificate,
  signingKey = certificate.privateKey,
  alg = "PS256",
  clientId = env.clientId,
  audience = env.tokenEndpoint,
  now = Math.floor(Date.now() / 1000),
  nbf = now,
  exp = now + 600,
  jti = randomUUID(),
  headerOverrides,
  payloadOverrides = {},
} = {}) {
  const header = headerOverrides ?? (alg === "PS256"
    ? { alg, typ: "JWT", "x5t#S256": certificate.x5tS256 }
    : { alg, typ: "JWT", x5t: certificate.x5t });
  const payload = { aud: audience, exp, iss: clientId, sub: clientId, nbf, jti, iat: now, ...payloadOverrides };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const signer = createSign("RSA-SHA256");
  signer.update(signingInput);
  const signature = alg === "PS256"
    ? signer.sign({ key: signingKey, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    : signer.sign(signingKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls fn until it returns a truthy value or the deadline passes (bounded, no fixed sleeps).
export async function pollUntil(fn, { timeoutMs = 30000, intervalMs = 200, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
