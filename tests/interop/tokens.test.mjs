// (a) msal-node ConfidentialClientApplication gets app-only Graph tokens from the sandbox with a
// client secret and with a certificate (x5t#S256 + PS256, and the deprecated x5t + RS256).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { acquireToken, certificateInfo, decodeJwt, env, newConfidentialClient, secretCredential } from "./lib.mjs";

// protocol.md §2 and §9 fact 3: Graph gets v1.0 tokens even from the v2.0 endpoint.
function assertGraphAppToken(result, { appidacr }) {
  assert.ok(result, "msal-node returned no result");
  assert.equal(result.tokenType, "Bearer");
  assert.ok(result.accessToken, "no access token");
  assert.ok(result.expiresOn instanceof Date, "expiresOn is not a Date");
  const { header, payload } = decodeJwt(result.accessToken);
  assert.equal(header.alg, "RS256");
  assert.equal(header.typ, "JWT");
  assert.ok(header.kid, "token header has no kid");

  assert.equal(payload.aud, "https://graph.microsoft.com");
  assert.equal(payload.iss, `https://sts.windows.net/${env.tenantId}/`);
  assert.equal(payload.idp, `https://sts.windows.net/${env.tenantId}/`);
  assert.equal(payload.appid, env.clientId);
  assert.equal(payload.appidacr, appidacr);
  assert.equal(payload.tid, env.tenantId);
  assert.equal(payload.idtyp, "app");
  assert.equal(payload.ver, "1.0");
  assert.equal(payload.app_displayname, env.appDisplayName);
  assert.equal(payload.oid, env.servicePrincipalId);
  assert.equal(payload.sub, payload.oid, "app-only tokens carry sub == oid (the service principal)");
  assert.deepEqual([...payload.roles].sort(), ["Mail.ReadWrite", "Mail.Send"]);
  assert.equal(payload.scp, undefined, "app-only tokens have no scp");
  for (const claim of ["iat", "nbf", "exp"]) assert.equal(typeof payload[claim], "number", `${claim} is not a number`);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(payload.nbf <= now + 5, "nbf is in the future");
  assert.ok(payload.exp > now + 300, "token expires too soon");
  // msal-node trusts expires_in: it must agree with the JWT's exp (within clock rounding).
  const expiresOn = Math.floor(result.expiresOn.getTime() / 1000);
  assert.ok(Math.abs(expiresOn - payload.exp) <= 5, `expiresOn ${expiresOn} vs exp ${payload.exp}`);
  return payload;
}

describe("msal-node client credentials against the sandbox", { timeout: 60000 }, () => {
  test("client secret: token with the app's roles; second call served from msal's cache", async () => {
    const app = newConfidentialClient({ credential: secretCredential() });
    const first = await acquireToken(app);
    assertGraphAppToken(first, { appidacr: "1" });
    assert.equal(first.fromCache, false);
    const second = await acquireToken(app);
    assert.equal(second.fromCache, true, "msal-node should serve the second call from its cache");
    assert.equal(second.accessToken, first.accessToken);
  });

  test("client secret with the tenant's domain name as authority", async () => {
    const app = newConfidentialClient({ tenant: env.tenantDomain, credential: secretCredential() });
    const result = await acquireToken(app);
    assertGraphAppToken(result, { appidacr: "1" });
  });

  test("certificate via thumbprintSha256 (PS256 + x5t#S256)", async () => {
    const cert = certificateInfo(env.certFile, env.keyFile);
    const app = newConfidentialClient({
      credential: { clientCertificate: { thumbprintSha256: cert.sha256Hex, privateKey: cert.privateKey } },
    });
    const result = await acquireToken(app);
    assertGraphAppToken(result, { appidacr: "2" });
  });

  test("certificate via the deprecated thumbprint (RS256 + x5t)", async () => {
    const cert = certificateInfo(env.certFile, env.keyFile);
    const app = newConfidentialClient({
      credential: { clientCertificate: { thumbprint: cert.sha1Hex, privateKey: cert.privateKey } },
    });
    const result = await acquireToken(app);
    assertGraphAppToken(result, { appidacr: "2" });
  });

  test("certificate: msal-node reuses its cached assertion for a forced refresh", async () => {
    const cert = certificateInfo(env.certFile, env.keyFile);
    const app = newConfidentialClient({
      credential: { clientCertificate: { thumbprintSha256: cert.sha256Hex, privateKey: cert.privateKey } },
    });
    const first = await acquireToken(app);
    const second = await app.acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
      skipCache: true,
    });
    assert.equal(second.fromCache, false);
    assertGraphAppToken(first, { appidacr: "2" });
    assertGraphAppToken(second, { appidacr: "2" });
  });

  test("app without admin consent: a token is issued, with no roles claim", async () => {
    const app = newConfidentialClient({
      clientId: env.noConsentAppId,
      credential: secretCredential(env.noConsentSecretFile),
    });
    const result = await acquireToken(app);
    const { payload } = decodeJwt(result.accessToken);
    assert.equal(payload.appid, env.noConsentAppId);
    assert.equal(payload.tid, env.tenantId);
    assert.equal(payload.idtyp, "app");
    assert.equal(payload.roles, undefined, "a token without consent carries no roles claim");
  });
});
