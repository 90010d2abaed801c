// (c) Every token error the sandbox produces for a request msal-node can make, as msal-node
// reports it: errorCode = the OAuth `error`, errorNo = the AADSTS number, and the message
// carrying "AADSTS<code>:" (protocol.md §1.4–1.5).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";

import { AuthError, ServerError } from "@azure/msal-node";

import {
  acquireToken, certificateInfo, env, GRAPH_DEFAULT_SCOPE, newConfidentialClient, postForm, readSecret, secretCredential,
} from "./lib.mjs";

function expectServerError(error, { errorCode, aadsts, status }) {
  assert.ok(error instanceof ServerError, `expected a ServerError, got ${error?.name}: ${error?.message}`);
  assert.equal(error.errorCode, errorCode);
  assert.equal(String(error.errorNo), String(aadsts), `errorNo (message: ${error.message})`);
  assert.ok(error.message.includes(`AADSTS${aadsts}:`), `message lacks AADSTS${aadsts}: ${error.message}`);
  assert.ok(error.message.includes(`Error(s): ${aadsts} `), `message lacks the error_codes list: ${error.message}`);
  if (status !== undefined) assert.equal(error.status, status, "HTTP status as msal-node saw it");
  return true;
}

// The token endpoint's metadata, stringified as msal-node's `authorityMetadata` option takes it, so
// that msal-node goes straight to the token endpoint without its discovery GET.
function metadataFor(tenantSegment) {
  const base = `${env.baseUrl}/${tenantSegment}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

describe("token errors as msal-node reports them", { timeout: 60000 }, () => {
  test("wrong client secret → invalid_client AADSTS7000215 (401)", async () => {
    const app = newConfidentialClient({ credential: { clientSecret: `${readSecret(env.secretFile)}x` } });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_client", aadsts: 7000215, status: 401 }));
  });

  test("expired client secret → invalid_client AADSTS7000222 (401)", async () => {
    // run.sh made this secret with an end 2 s ahead, then moved the sandbox's clock 3 s forward.
    const app = newConfidentialClient({ credential: secretCredential(env.expiredSecretFile) });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_client", aadsts: 7000222, status: 401 }));
  });

  test("unknown application → unauthorized_client AADSTS700016 (400)", async () => {
    const app = newConfidentialClient({ clientId: randomUUID(), credential: secretCredential() });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "unauthorized_client", aadsts: 700016, status: 400 }));
  });

  test("disabled application → unauthorized_client AADSTS7000112", async () => {
    const app = newConfidentialClient({ clientId: env.disabledAppId, credential: secretCredential(env.disabledSecretFile) });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "unauthorized_client", aadsts: 7000112 }));
  });

  test("scope without /.default (['Mail.Send']) → invalid_scope AADSTS1002012 (400)", async () => {
    const app = newConfidentialClient({ credential: secretCredential() });
    await assert.rejects(
      app.acquireTokenByClientCredential({ scopes: ["Mail.Send"] }),
      (e) => expectServerError(e, { errorCode: "invalid_scope", aadsts: 1002012, status: 400 }),
    );
  });

  test("scope https://graph.microsoft.com/Mail.Send → invalid_scope AADSTS1002012", async () => {
    const app = newConfidentialClient({ credential: secretCredential() });
    await assert.rejects(
      app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/Mail.Send"] }),
      (e) => expectServerError(e, { errorCode: "invalid_scope", aadsts: 1002012 }),
    );
  });

  test("unknown resource → invalid_resource AADSTS500011", async () => {
    const app = newConfidentialClient({ credential: secretCredential() });
    await assert.rejects(
      app.acquireTokenByClientCredential({ scopes: ["https://management.azure.com/.default"] }),
      (e) => expectServerError(e, { errorCode: "invalid_resource", aadsts: 500011, status: 400 }),
    );
  });

  test("certificate not registered on the app → invalid_client AADSTS700027 (401)", async () => {
    const cert = certificateInfo(env.unregisteredCertFile, env.unregisteredKeyFile);
    const app = newConfidentialClient({
      credential: { clientCertificate: { thumbprintSha256: cert.sha256Hex, privateKey: cert.privateKey } },
    });
    await assert.rejects(acquireToken(app), (e) => {
      expectServerError(e, { errorCode: "invalid_client", aadsts: 700027, status: 401 });
      assert.match(e.message, /not registered on application/);
      return true;
    });
  });

  test("registered thumbprint, wrong private key → invalid_client AADSTS700027", async () => {
    const good = certificateInfo(env.certFile, env.keyFile);
    const other = certificateInfo(env.unregisteredCertFile, env.unregisteredKeyFile);
    const app = newConfidentialClient({
      credential: { clientCertificate: { thumbprintSha256: good.sha256Hex, privateKey: other.privateKey } },
    });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_client", aadsts: 700027 }));
  });

  // With discovery (msal-node's default) the tenant check happens on the OIDC metadata GET, which
  // msal-node does not turn into a ServerError: it reports that it could not resolve the endpoints.
  test("unknown tenant, default discovery → msal-node's own metadata error; the sandbox said 400 invalid_tenant 90002", async () => {
    const tenant = randomUUID();
    const app = newConfidentialClient({ tenant, credential: secretCredential() });
    await assert.rejects(acquireToken(app), (e) => {
      assert.ok(e instanceof AuthError, `not an msal AuthError: ${e}`);
      // msal-node 2.16 drops the 400 body of the metadata GET and reports only this.
      assert.equal(e.errorCode, "endpoints_resolution_error", e.message);
      return true;
    });
    const direct = await fetch(`${env.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`);
    assert.equal(direct.status, 400);
    const body = await direct.json();
    assert.equal(body.error, "invalid_tenant");
    assert.deepEqual(body.error_codes, [90002]);
    assert.ok(body.error_description.startsWith("AADSTS90002:"), body.error_description);
  });

  test("unknown tenant with authorityMetadata configured → invalid_tenant AADSTS90002 (400)", async () => {
    const tenant = randomUUID();
    const app = newConfidentialClient({ tenant, credential: secretCredential(), extraAuth: { authorityMetadata: metadataFor(tenant) } });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_tenant", aadsts: 90002, status: 400 }));
  });

  test("unknown tenant domain with authorityMetadata configured → invalid_tenant AADSTS90002", async () => {
    const tenant = "nosuchtenant.onmicrosoft.com";
    const app = newConfidentialClient({ tenant, credential: secretCredential(), extraAuth: { authorityMetadata: metadataFor(tenant) } });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_tenant", aadsts: 90002 }));
  });

  test("malformed tenant, default discovery → msal-node's metadata error; the sandbox said 400 invalid_request 900023", async () => {
    const tenant = "not_a-tenant";
    const app = newConfidentialClient({ tenant, credential: secretCredential() });
    await assert.rejects(acquireToken(app), (e) => {
      assert.ok(e instanceof AuthError, `not an msal AuthError: ${e}`);
      // msal-node 2.16 drops the 400 body of the metadata GET and reports only this.
      assert.equal(e.errorCode, "endpoints_resolution_error", e.message);
      return true;
    });
    const direct = await fetch(`${env.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`);
    assert.equal(direct.status, 400);
    const body = await direct.json();
    assert.equal(body.error, "invalid_request");
    assert.deepEqual(body.error_codes, [900023]);
  });

  test("malformed tenant with authorityMetadata configured → invalid_request AADSTS900023 (400)", async () => {
    const tenant = "not_a-tenant";
    const app = newConfidentialClient({ tenant, credential: secretCredential(), extraAuth: { authorityMetadata: metadataFor(tenant) } });
    await assert.rejects(acquireToken(app), (e) => expectServerError(e, { errorCode: "invalid_request", aadsts: 900023, status: 400 }));
  });

  test("the request msal-node sends is accepted as is (charset form type, telemetry params)", async () => {
    // Mirror of what msal-node posts, to pin the sandbox's tolerance of the extra fields (§1.1).
    const response = await postForm(env.tokenEndpoint, {
      client_id: env.clientId,
      scope: `${GRAPH_DEFAULT_SCOPE} openid profile offline_access`,
      grant_type: "client_credentials",
      "x-client-SKU": "msal.js.node",
      "x-client-VER": "2.16.3",
      "x-client-OS": "linux",
      "x-client-CPU": "x64",
      "x-ms-lib-capability": "retry-after, h429",
      "x-client-current-telemetry": "5|771,2,,,|,",
      "x-client-last-telemetry": "5|0|||0,0",
      "client-request-id": randomUUID(),
      client_secret: readSecret(env.secretFile),
    }, { headers: { "Content-Type": "application/x-www-form-urlencoded;charset=utf-8" } });
    assert.equal(response.status, 200, response.text.slice(0, 300));
    assert.equal(response.json.token_type, "Bearer");
  });
});
