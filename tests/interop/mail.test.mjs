// (b) @microsoft/microsoft-graph-client 3.0.7, authenticated with msal-node tokens, sends mail
// through the sandbox (JSON, MIME, draft + 5 MB upload session + send) and reads it back.
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";

import { FileUpload, GraphError, LargeFileUploadTask, ResponseType } from "@microsoft/microsoft-graph-client";

import { env, newConfidentialClient, newGraphClient, pollUntil, secretCredential } from "./lib.mjs";

const SENDER = "references@company.com";
const RECIPIENT = "pat@company.com";
const RUN = randomUUID().slice(0, 8);
const SUBJECTS = {
  json: `interop ${RUN} json sendMail`,
  mime: `interop ${RUN} MIME sendMail`,
  draft: `interop ${RUN} draft with 5 MB attachment`,
};
const ATTACHMENT_SIZE = 5 * 1024 * 1024;
// ≤ 4 MB per PUT (protocol.md §3.4); a multiple of 320 KiB as Graph's upload docs recommend.
const UPLOAD_RANGE = 10 * 320 * 1024;

// What the SDK hands back for a 202 with an empty body and no Content-Type: the raw body stream
// (GraphResponseHandler's no-Content-Type branch), which must be empty; never parsed JSON.
async function assertEmptyAccepted(result) {
  if (result === undefined || result === null || result === "") return;
  assert.ok(typeof result.getReader === "function", `202 body was parsed into ${JSON.stringify(result)}`);
  const text = await new Response(result).text();
  assert.equal(text, "", "202 body is not empty");
}

function mimeMessage(subject) {
  return [
    `From: References <${SENDER}>`,
    `To: Pat <${RECIPIENT}>`,
    `Subject: ${subject}`,
    `Message-ID: <${randomUUID()}@interop.graphpost.test>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "X-Interop-Run: " + RUN,
    "",
    "Sent as base64 MIME through Graph sendMail by the interop tests.",
    "",
  ].join("\r\n");
}

describe("Graph mail with @microsoft/microsoft-graph-client", { timeout: 120000 }, () => {
  let client;
  const attachment = randomBytes(ATTACHMENT_SIZE);
  const attachmentSha256 = createHash("sha256").update(attachment).digest("hex");

  before(() => {
    client = newGraphClient(newConfidentialClient({ credential: secretCredential() }));
  });

  test("sendMail with a JSON message returns 202 with no body", async () => {
    const result = await client.api(`/users/${SENDER}/sendMail`).post({
      message: {
        subject: SUBJECTS.json,
        body: { contentType: "Text", content: "Sent as JSON through Graph sendMail by the interop tests." },
        toRecipients: [{ emailAddress: { address: RECIPIENT, name: "Pat" } }],
        internetMessageHeaders: [{ name: "x-interop-run", value: RUN }],
      },
      saveToSentItems: true,
    });
    await assertEmptyAccepted(result);
  });

  test("sendMail with a base64 MIME message (Content-Type text/plain)", async () => {
    const mime = Buffer.from(mimeMessage(SUBJECTS.mime), "utf8").toString("base64");
    const result = await client.api(`/users/${SENDER}/sendMail`).header("Content-Type", "text/plain").post(mime);
    await assertEmptyAccepted(result);
  });

  test("draft + 5 MB attachment with LargeFileUploadTask + send", async () => {
    const draft = await client.api(`/users/${SENDER}/messages`).post({
      subject: SUBJECTS.draft,
      body: { contentType: "Text", content: "A draft with a large attachment, uploaded in ranges." },
      toRecipients: [{ emailAddress: { address: RECIPIENT } }],
    });
    assert.ok(draft.id, "draft has no id");
    assert.equal(draft.isDraft, true);
    assert.equal(draft.subject, SUBJECTS.draft);

    const session = await LargeFileUploadTask.createUploadSession(
      client,
      `/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/attachments/createUploadSession`,
      { AttachmentItem: { attachmentType: "file", name: "interop.bin", size: ATTACHMENT_SIZE } },
    );
    assert.match(session.url, /^https:\/\//, "uploadUrl is not absolute https");
    assert.ok(!Number.isNaN(session.expiry.getTime()), "expirationDateTime did not parse");

    const ranges = [];
    const task = new LargeFileUploadTask(client, new FileUpload(attachment, "interop.bin", ATTACHMENT_SIZE), session, {
      rangeSize: UPLOAD_RANGE,
      uploadEventHandlers: { progress: (range) => ranges.push([range.minValue, range.maxValue]) },
    });
    const uploaded = await task.upload();
    assert.ok(uploaded, "upload() returned nothing");
    assert.deepEqual(ranges, [[0, UPLOAD_RANGE - 1], [UPLOAD_RANGE, ATTACHMENT_SIZE - 1]]);
    assert.match(uploaded.location ?? "", /Attachments\(/i, `final 201 Location: ${uploaded.location}`);

    const attachments = await client.api(`/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/attachments`)
      .select("id,name,size,contentType").get();
    assert.equal(attachments.value.length, 1);
    assert.equal(attachments.value[0].name, "interop.bin");

    const sent = await client.api(`/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/send`).post();
    await assertEmptyAccepted(sent);
  });

  test("sendMail raw response: 202, empty body, no JSON Content-Type (protocol.md §8)", async () => {
    const raw = await client.api(`/users/${SENDER}/sendMail`).responseType(ResponseType.RAW).post({
      message: {
        subject: `interop ${RUN} raw`,
        body: { contentType: "Text", content: "raw" },
        toRecipients: [{ emailAddress: { address: RECIPIENT } }],
      },
      saveToSentItems: false,
    });
    assert.equal(raw.status, 202);
    assert.doesNotMatch(raw.headers.get("content-type") ?? "", /json/i);
    assert.equal(await raw.text(), "");
  });

  test("upload URL is pre-authenticated: PUTs without Authorization, in order, final 201 + Location", async () => {
    const size = UPLOAD_RANGE + 54321;  // ≥ 3 MB (the upload-session minimum), two ranges
    const bytes = randomBytes(size);
    const draft = await client.api(`/users/${SENDER}/messages`).post({ subject: `interop ${RUN} raw upload` });
    const session = await client.api(`/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/attachments/createUploadSession`)
      .post({ AttachmentItem: { attachmentType: "file", name: "raw.bin", size } });
    assert.deepEqual(session.nextExpectedRanges, ["0-"]);
    const put = (start, end) => fetch(session.uploadUrl, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream", "Content-Range": `bytes ${start}-${end}/${size}` },
      body: bytes.subarray(start, end + 1),
    });
    const first = await put(0, UPLOAD_RANGE - 1);
    assert.equal(first.status, 200, await first.clone().text());
    const progress = await first.json();
    assert.deepEqual(progress.nextExpectedRanges, [`${UPLOAD_RANGE}`]);
    const last = await put(UPLOAD_RANGE, size - 1);
    assert.equal(last.status, 201, await last.clone().text());
    assert.match(last.headers.get("location") ?? "", /Attachments\(/i);
    const list = await client.api(`/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/attachments`).select("name,size").get();
    assert.equal(list.value.length, 1);
    assert.ok(list.value[0].size >= size);
  });

  test("pat@company.com's Inbox has all three, the draft's with its 5 MB attachment", async () => {
    const bySubject = await pollUntil(async () => {
      const page = await client.api(`/users/${RECIPIENT}/mailFolders/inbox/messages`)
        .select("id,subject,hasAttachments,from,toRecipients,isDraft,receivedDateTime")
        .top(100)
        .get();
      const found = new Map(page.value.filter((m) => m.subject?.includes(RUN)).map((m) => [m.subject, m]));
      return Object.values(SUBJECTS).every((s) => found.has(s)) ? found : undefined;
    }, { timeoutMs: 60000, intervalMs: 250, what: "the three messages in pat@company.com's Inbox" });

    for (const subject of Object.values(SUBJECTS)) {
      const message = bySubject.get(subject);
      assert.equal(message.isDraft, false, `${subject}: delivered copy is a draft`);
      assert.equal(message.from?.emailAddress?.address?.toLowerCase(), SENDER, `${subject}: from`);
      assert.ok(message.toRecipients.some((r) => r.emailAddress.address.toLowerCase() === RECIPIENT));
    }
    for (const kind of ["json", "mime"]) {
      const { internetMessageHeaders: headers } = await client
        .api(`/users/${RECIPIENT}/messages/${encodeURIComponent(bySubject.get(SUBJECTS[kind]).id)}`)
        .select("internetMessageHeaders").get();
      const run = (headers ?? []).find((h) => h.name.toLowerCase() === "x-interop-run");
      assert.equal(run?.value, RUN, `${kind}: x-interop-run header not delivered`);
    }
    assert.equal(bySubject.get(SUBJECTS.json).hasAttachments, false);
    assert.equal(bySubject.get(SUBJECTS.mime).hasAttachments, false);
    const withAttachment = bySubject.get(SUBJECTS.draft);
    assert.equal(withAttachment.hasAttachments, true);

    const list = await client.api(`/users/${RECIPIENT}/messages/${encodeURIComponent(withAttachment.id)}/attachments`)
      .select("id,name,size,contentType,isInline").get();
    assert.equal(list.value.length, 1);
    const meta = list.value[0];
    assert.equal(meta.name, "interop.bin");
    assert.equal(meta["@odata.type"], "#microsoft.graph.fileAttachment");
    assert.ok(meta.size >= ATTACHMENT_SIZE, `attachment size ${meta.size} < ${ATTACHMENT_SIZE}`);

    const full = await client.api(`/users/${RECIPIENT}/messages/${encodeURIComponent(withAttachment.id)}/attachments/${encodeURIComponent(meta.id)}`).get();
    const bytes = Buffer.from(full.contentBytes, "base64");
    assert.equal(bytes.length, ATTACHMENT_SIZE);
    assert.equal(createHash("sha256").update(bytes).digest("hex"), attachmentSha256, "attachment bytes differ");
  });

  test("the sender's Sent Items keeps the JSON message", async () => {
    const page = await client.api(`/users/${SENDER}/mailFolders/sentitems/messages`).select("id,subject").top(100).get();
    assert.ok(page.value.some((m) => m.subject === SUBJECTS.json), "JSON message not in Sent Items");
  });

  test("LargeFileUploadTask.cancel() deletes the session (204)", async () => {
    const draft = await client.api(`/users/${SENDER}/messages`).post({ subject: `interop ${RUN} cancelled upload` });
    const size = UPLOAD_RANGE + 1;
    const session = await LargeFileUploadTask.createUploadSession(
      client,
      `/users/${SENDER}/messages/${encodeURIComponent(draft.id)}/attachments/createUploadSession`,
      { AttachmentItem: { attachmentType: "file", name: "cancelled.bin", size } },
    );
    const task = new LargeFileUploadTask(client, new FileUpload(randomBytes(size), "cancelled.bin", size), session, { rangeSize: UPLOAD_RANGE });
    const response = await task.cancel();
    assert.equal(response.status, 204);
    assert.equal(task.getUploadSession().isCancelled, true);
  });

  const graphErrorCases = [
    ["bad base64 MIME", (c) => c.api(`/users/${SENDER}/sendMail`).header("Content-Type", "text/plain").post("not base64!!"),
      400, "ErrorMimeContentInvalidBase64String"],
    ["no recipients", (c) => c.api(`/users/${SENDER}/sendMail`).post({ message: { subject: "x", toRecipients: [] } }),
      400, "ErrorInvalidRecipients"],
    ["non-x- custom header", (c) => c.api(`/users/${SENDER}/sendMail`).post({
      message: { subject: "x", toRecipients: [{ emailAddress: { address: RECIPIENT } }], internetMessageHeaders: [{ name: "List-Unsubscribe", value: "x" }] },
    }), 400, "InvalidInternetMessageHeader"],
    ["/me with an app-only token", (c) => c.api("/me/messages").get(), 400, "BadRequest"],
    ["upload session under 3 MB", (c) => c.api(`/users/${SENDER}/messages`).post({ subject: `interop ${RUN} small` })
      .then((d) => c.api(`/users/${SENDER}/messages/${encodeURIComponent(d.id)}/attachments/createUploadSession`)
        .post({ AttachmentItem: { attachmentType: "file", name: "small.bin", size: 1000 } })),
    400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize"],
    ["unknown message id", (c) => c.api(`/users/${SENDER}/messages/AAMkAdoesnotexist=`).get(), 404, "ErrorItemNotFound"],
  ];
  for (const [name, call, status, code] of graphErrorCases) {
    test(`GraphError: ${name} → ${status} ${code}`, async () => {
      await assert.rejects(call(client), (error) => {
        assert.ok(error instanceof GraphError, `not a GraphError: ${error}`);
        assert.equal(error.statusCode, status, error.message);
        assert.equal(error.code, code, error.message);
        return true;
      });
    });
  }

  test("Graph errors reach the SDK as GraphError: unknown mailbox is 404 ErrorInvalidUser", async () => {
    await assert.rejects(
      client.api("/users/nobody@company.com/sendMail").post({
        message: { subject: "x", body: { contentType: "Text", content: "x" }, toRecipients: [{ emailAddress: { address: RECIPIENT } }] },
      }),
      (error) => {
        assert.ok(error instanceof GraphError, `not a GraphError: ${error}`);
        assert.equal(error.statusCode, 404);
        assert.equal(error.code, "ErrorInvalidUser");
        assert.match(error.message, /nobody@company\.com/);
        // GraphErrorHandler reads innerError: request-id and a date without "Z" (protocol.md §4.1).
        assert.match(error.requestId ?? "", /^[0-9a-f-]{36}$/);
        assert.ok(error.date instanceof Date && !Number.isNaN(error.date.getTime()), `date ${error.date}`);
        return true;
      },
    );
  });

  test("app without consent or RBAC assignment is refused by Graph", async () => {
    const noConsent = newGraphClient(newConfidentialClient({
      clientId: env.noConsentAppId,
      credential: secretCredential(env.noConsentSecretFile),
    }));
    await assert.rejects(
      noConsent.api(`/users/${SENDER}/sendMail`).post({
        message: { subject: "x", body: { contentType: "Text", content: "x" }, toRecipients: [{ emailAddress: { address: RECIPIENT } }] },
      }),
      (error) => {
        assert.ok(error instanceof GraphError, `not a GraphError: ${error}`);
        // protocol.md §2: 401 NoPermissionsInAccessToken or 403 ErrorAccessDenied (UNCONFIRMED which).
        assert.ok([401, 403].includes(error.statusCode), `status ${error.statusCode}`);
        assert.ok(["NoPermissionsInAccessToken", "ErrorAccessDenied"].includes(error.code), `code ${error.code}`);
        return true;
      },
    );
  });
});
