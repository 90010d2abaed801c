// nodemailer_client.mjs — nodemailer submits to graphpost's SMTP listener: secure:false +
// requireTLS (STARTTLS is mandatory; the certificate is verified against CA_FILE), AUTH with an
// SMTP account, UTF-8 subject and display names, text + HTML, attachments (one inline).
//
// Usage: node nodemailer_client.mjs HOST PORT CA_FILE USER PASSWORD_FILE OUT_DIR MANIFEST
//
// The message is composed with nodemailer's MailComposer (what sendMail() uses inside) with a
// fixed Message-ID and Date, its bytes saved to OUT_DIR/node-requiretls.eml, and those bytes sent
// with the SMTP transport (sendMail({raw})), so the test knows exactly what went on the wire.
// The password is read from a file, never argv.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const nodemailer = require('nodemailer');
const MailComposer = require('nodemailer/lib/mail-composer');

const [host, port, caFile, user, passwordFile, outDir, manifest] = process.argv.slice(2);
const password = fs.readFileSync(passwordFile, 'utf8').trim();
const sender = 'references@company.com';
const rcpt = 'pat@company.com';

async function compose(options) {
  const built = await new MailComposer(options).compile().build();
  // The SMTP transport turns bare LF (MailComposer keeps the text's \n) into CRLF on the wire.
  return Buffer.from(built.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

async function main() {
  const transport = nodemailer.createTransport({
    host, port: Number(port), secure: false, requireTLS: true,
    auth: { user, pass: password },
    tls: { ca: [fs.readFileSync(caFile)] },
    name: 'nodemailer.interop',
  });
  await transport.verify();
  const cases = [
    {
      case: 'node-requiretls',
      subject: 'Nodemailer: Zoë’s Bestellung №42 — 確認 ✔',
      text: 'Hallo Pât,\n\nDie Bestellung ist unterwegs. Größe: 3 Pakete.\n€ 12,50 — danke!\n',
      html: '<p>Hallo <b>Pât</b>,</p><p>Die Bestellung ist unterwegs. <img src="cid:logo@interop"></p>',
      attachments: [
        { filename: 'rechnung-ä.pdf', content: crypto.randomBytes(200_000), contentType: 'application/pdf' },
        { filename: 'notiz.txt', content: 'Zeile 1\nZeile 2 mit Ümlaut\n' },
        { filename: 'logo.png', content: crypto.randomBytes(4_000), contentType: 'image/png', cid: 'logo@interop' },
      ],
    },
  ];
  for (const c of cases) {
    const messageId = `<${c.case}.${crypto.randomUUID()}@interop.company.com>`;
    const raw = await compose({
      from: { name: 'Référence Équipe', address: sender },
      to: { name: 'Pât Kundenerfolg', address: rcpt },
      subject: c.subject, text: c.text, html: c.html, attachments: c.attachments,
      messageId, date: new Date(), headers: { 'X-Interop-Case': c.case },
    });
    const file = path.join(outDir, `${c.case}.eml`);
    fs.writeFileSync(file, raw);
    const info = await transport.sendMail({ envelope: { from: sender, to: [rcpt] }, raw });
    if (!/^250/.test(info.response)) throw new Error(`${c.case}: ${info.response}`);
    console.log(`nodemailer: ${c.case} accepted (${raw.length} bytes): ${info.response}`);
    fs.appendFileSync(manifest, JSON.stringify({
      case: c.case, file, rcpt: [rcpt], mode: 'passthrough', subject: c.subject, message_id: messageId,
    }) + '\n');
  }
  transport.close();
}

main().catch((e) => {
  console.error(`nodemailer: ${e.message}`);
  process.exit(1);
});
