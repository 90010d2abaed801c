// (c) @microsoft/microsoft-graph-client 3.0.7's batch helpers (BatchRequestContent,
// BatchResponseContent) against the sandbox's POST /v1.0/$batch: three sendMail requests, one
// depending on a failing request (424), answers matched by id.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";

import { BatchRequestContent, BatchResponseContent } from "@microsoft/microsoft-graph-client";

import { newConfidentialClient, newGraphClient, secretCredential } from "./lib.mjs";

const SENDER = "references@company.com";
const RECIPIENT = "pat@company.com";
const RUN = randomUUID().slice(0, 8);

// The SDK turns an absolute URL into the relative one Graph expects (it drops scheme and host).
function sendMailStep(id, { user = SENDER, dependsOn } = {}) {
  const body = {
    message: {
      subject: `interop ${RUN} batch ${id}`,
      body: { contentType: "Text", content: "Sent through $batch by the interop tests." },
      toRecipients: [{ emailAddress: { address: RECIPIENT } }],
    },
    saveToSentItems: true,
  };
  const request = new Request(`https://graph.microsoft.com/users/${user}/sendMail`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
  return dependsOn ? { id, request, dependsOn } : { id, request };
}

describe("JSON batching with the SDK's BatchRequestContent", { timeout: 60000 }, () => {
  let client;
  before(() => {
    client = newGraphClient(newConfidentialClient({ credential: secretCredential() }));
  });

  test("independent sendMail requests each answer 202", async () => {
    const batch = new BatchRequestContent([sendMailStep("1"), sendMailStep("2"), sendMailStep("3")]);
    const answer = new BatchResponseContent(await client.api("/$batch").post(await batch.getContent()));
    for (const id of ["1", "2", "3"]) {
      assert.equal(answer.getResponseById(id).status, 202, `request ${id}`);
    }
  });

  test("a request depending on a failed one answers 424", async () => {
    const batch = new BatchRequestContent([
      sendMailStep("bad", { user: "nobody@company.com" }),
      sendMailStep("after", { dependsOn: ["bad"] }),
    ]);
    const answer = new BatchResponseContent(await client.api("/$batch").post(await batch.getContent()));
    assert.ok(answer.getResponseById("bad").status >= 400);
    assert.equal(answer.getResponseById("after").status, 424);
  });
});
