// (c, continued) Token endpoint answers that msal-node cannot provoke, checked with plain fetch:
// status, `error`, `error_codes`, the "AADSTS<code>:" description prefix and the ESTS envelope
// (protocol.md §1.3–1.6).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";

import { buildAssertion, certificateInfo, env, GRAPH_DEFAULT_SCOPE, JWT_BEARER, postForm, readSecret } from "./lib.mjs";

function assertEstsError(response, { status, error, code }) {
  const detail = `${response.status} ${response.text.slice(0, 400)}`;
  assert.equal(response.status, status, detail);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/, detail);
  assert.ok(response.json, `not JSON: ${detail}`);
  const body = response.json;
  assert.equal(body.error, error, detail);
  assert.deepEqual(body.error_codes, [code], detail);
  assert.ok(body.error_description.startsWith(`AADSTS${code}: `), `description prefix: ${body.error_description}`);
  assert.match(body.error_description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(body.trace_id, /^[0-9a-f-]{36}$/);
  assert.match(body.correlation_id, /^[0-9a-f-]{36}$/);
  return body;
}

function secretForm(overrides = {}) {
  const form = {
    grant_type: "client_credentials",
    client_id: env.clientId,
    scope: GRAPH_DEFAULT_SCOPE,
    client_secret: readSecret(env.secretFile),
    ...overrides,
  };
  for (const [k, v] of Object.entries(form)) if (v === undefined) delete form[k];
  return form;
}

function assertionForm(assertion, overrides = {}) {
  return {
    grant_type: "client_credentials",
    client_id: env.clientId,
    scope: GRAPH_DEFAULT_SCOPE,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...overrides,
  };
}

describe("token endpoint with plain fetch", { timeout: 60000 }, () => {
  test("success: ESTS response shape and headers", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm());
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.headers.get("content-type"), /^application\/json; charset=utf-8$/i);
    assert.match(r.headers.get("cache-control") ?? "", /no-store/);
    assert.equal(r.json.token_type, "Bearer");
    assert.equal(typeof r.json.expires_in, "number");
    assert.equal(typeof r.json.ext_expires_in, "number");
    assert.ok(r.json.expires_in >= 600, `expires_in ${r.json.expires_in}`);
    for (const absent of ["refresh_token", "id_token", "scope"]) assert.equal(r.json[absent], undefined, `${absent} present`);
  });

  test("client_secret_basic (HTTP Basic) is accepted", async () => {
    const basic = Buffer.from(`${encodeURIComponent(env.clientId)}:${encodeURIComponent(readSecret(env.secretFile))}`).toString("base64");
    const r = await postForm(env.tokenEndpoint, secretForm({ client_secret: undefined }), { headers: { Authorization: `Basic ${basic}` } });
    assert.equal(r.status, 200, r.text.slice(0, 300));
  });

  test("correlation_id echoes client-request-id", async () => {
    const id = randomUUID();
    const r = await postForm(env.tokenEndpoint, secretForm({ client_secret: "wrong", "client-request-id": id }));
    const body = assertEstsError(r, { status: 401, error: "invalid_client", code: 7000215 });
    assert.equal(body.correlation_id, id);
  });

  test("missing grant_type → 400 invalid_request 900144", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm({ grant_type: undefined }));
    const body = assertEstsError(r, { status: 400, error: "invalid_request", code: 900144 });
    assert.match(body.error_description, /'grant_type'/);
  });

  test("unsupported grant type → 400 unsupported_grant_type 70003", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm({ grant_type: "password" }));
    const body = assertEstsError(r, { status: 400, error: "unsupported_grant_type", code: 70003 });
    assert.match(body.error_description, /'password'/);
  });

  test("missing client_secret and client_assertion → 401 invalid_client 7000218", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm({ client_secret: undefined }));
    assertEstsError(r, { status: 401, error: "invalid_client", code: 7000218 });
  });

  test("GET on the token endpoint → 400 invalid_request 900561", async () => {
    const r = await postForm(env.tokenEndpoint, {}, { method: "GET" });
    const body = assertEstsError(r, { status: 400, error: "invalid_request", code: 900561 });
    assert.match(body.error_description, /Received a GET request/);
  });

  test("missing scope → 400 invalid_request 90014", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm({ scope: undefined }));
    assertEstsError(r, { status: 400, error: "invalid_request", code: 90014 });
  });

  test("scopes of two resources → 400 invalid_scope 700022", async () => {
    const r = await postForm(env.tokenEndpoint, secretForm({ scope: `${GRAPH_DEFAULT_SCOPE} https://management.azure.com/.default` }));
    assertEstsError(r, { status: 400, error: "invalid_scope", code: 700022 });
  });

  test("/common → 400 invalid_request 9001023", async () => {
    const r = await postForm(`${env.baseUrl}/common/oauth2/v2.0/token`, secretForm());
    assertEstsError(r, { status: 400, error: "invalid_request", code: 9001023 });
  });

  test("unknown tenant → 400 invalid_tenant 90002 (token endpoint and OIDC metadata)", async () => {
    const tenant = randomUUID();
    const r = await postForm(`${env.baseUrl}/${tenant}/oauth2/v2.0/token`, secretForm());
    const body = assertEstsError(r, { status: 400, error: "invalid_tenant", code: 90002 });
    assert.ok(body.error_description.includes(tenant));
    const meta = await postForm(`${env.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`, {}, { method: "GET" });
    assertEstsError(meta, { status: 400, error: "invalid_tenant", code: 90002 });
  });

  test("empty-GUID tenant → 400 invalid_tenant 90002", async () => {
    const r = await postForm(`${env.baseUrl}/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token`, secretForm());
    assertEstsError(r, { status: 400, error: "invalid_tenant", code: 90002 });
  });

  test("malformed tenant → 400 invalid_request 900023", async () => {
    const r = await postForm(`${env.baseUrl}/not_a-tenant/oauth2/v2.0/token`, secretForm());
    assertEstsError(r, { status: 400, error: "invalid_request", code: 900023 });
  });

  test("OIDC metadata, JWKS and instance discovery documents", async () => {
    const meta = await postForm(`${env.baseUrl}/${env.tenantId}/v2.0/.well-known/openid-configuration`, {}, { method: "GET" });
    assert.equal(meta.status, 200);
    assert.equal(meta.json.token_endpoint, env.tokenEndpoint);
    assert.equal(meta.json.issuer, `${env.baseUrl}/${env.tenantId}/v2.0`);
    assert.deepEqual(meta.json.token_endpoint_auth_methods_supported, ["client_secret_post", "private_key_jwt", "client_secret_basic"]);
    const keys = await postForm(meta.json.jwks_uri, {}, { method: "GET" });
    assert.equal(keys.status, 200);
    assert.ok(keys.json.keys.length >= 1 && keys.json.keys[0].kty === "RSA");
    const byDomain = await postForm(`${env.baseUrl}/${env.tenantDomain}/v2.0/.well-known/openid-configuration`, {}, { method: "GET" });
    assert.equal(byDomain.status, 200);
    const instance = await postForm(
      `${env.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${env.baseUrl}/${env.tenantId}/oauth2/v2.0/authorize`)}`,
      {}, { method: "GET" },
    );
    assert.equal(instance.status, 200);
    assert.equal(instance.json.metadata[0].preferred_network, env.hostPort);
  });

  describe("client assertions", () => {
    const cert = () => certificateInfo(env.certFile, env.keyFile);

    test("hand-built PS256 / x5t#S256 assertion is accepted (appidacr 2)", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert() })));
      assert.equal(r.status, 200, r.text.slice(0, 400));
    });

    test("hand-built RS256 / x5t assertion is accepted", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), alg: "RS256" })));
      assert.equal(r.status, 200, r.text.slice(0, 400));
    });

    test("not a JWT → 401 invalid_client 50027", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm("not-a-jwt"));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 50027 });
    });

    test("no thumbprint in the header → 401 invalid_client 50027", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), headerOverrides: { alg: "PS256", typ: "JWT" } })));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 50027 });
    });

    test("expired assertion → 401 invalid_client 700024", async () => {
      const now = Math.floor(Date.now() / 1000);
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), now: now - 7200, nbf: now - 7200, exp: now - 3600 })));
      const body = assertEstsError(r, { status: 401, error: "invalid_client", code: 700024 });
      assert.match(body.error_description, /not within its valid time range/);
    });

    test("not yet valid assertion → 401 invalid_client 700024", async () => {
      const now = Math.floor(Date.now() / 1000);
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), now, nbf: now + 3600, exp: now + 4200 })));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 700024 });
    });

    test("replayed jti (a different assertion with the same jti) → 401 invalid_client 50027", async () => {
      const jti = randomUUID();
      const now = Math.floor(Date.now() / 1000);
      const first = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), jti, now })));
      assert.equal(first.status, 200, first.text.slice(0, 400));
      const again = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), jti, now: now - 1 })));
      assertEstsError(again, { status: 401, error: "invalid_client", code: 50027 });
    });

    test("bad signature (registered thumbprint, other key) → 401 invalid_client 700027", async () => {
      const other = certificateInfo(env.unregisteredCertFile, env.unregisteredKeyFile);
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), signingKey: other.privateKey })));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 700027 });
    });

    test("unregistered certificate → 401 invalid_client 700027 naming the thumbprint", async () => {
      const other = certificateInfo(env.unregisteredCertFile, env.unregisteredKeyFile);
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: other })));
      const body = assertEstsError(r, { status: 401, error: "invalid_client", code: 700027 });
      assert.ok(body.error_description.toUpperCase().includes(other.sha256Hex), body.error_description);
    });

    test("iss/sub not the client_id → 401 invalid_client 700021", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), payloadOverrides: { iss: randomUUID(), sub: randomUUID() } })));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 700021 });
    });

    test("wrong audience → 401 invalid_client 700023", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert(), audience: "https://example.invalid/token" })));
      assertEstsError(r, { status: 401, error: "invalid_client", code: 700023 });
    });

    test("wrong client_assertion_type → 400 invalid_request", async () => {
      const r = await postForm(env.tokenEndpoint, assertionForm(buildAssertion({ certificate: cert() }), { client_assertion_type: "urn:nope" }));
      assert.equal(r.status, 400, r.text.slice(0, 300));
      assert.equal(r.json.error, "invalid_request");
      assert.ok(r.json.error_description.startsWith(`AADSTS${r.json.error_codes[0]}: `));
    });
  });
});
