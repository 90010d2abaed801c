// The console's browser tests (issue #9, "Done when" 1–3; docs/console.md "Tested in a browser"):
// Debian's chromium, headless, driven by playwright-core against `graphpost serve --demo`, which
// run.sh starts. Steps run in order and print "ok"/"FAIL <step>"; the run ends with the axe table
// and "N passed, N failed", and exits 1 when a step failed.
import { addSecret, config, launchBrowser, readSecret, step, summary } from './lib/harness.mjs';
import { printA11yTable } from './lib/pages.mjs';
import { doctorFlows, laneFlows } from './flows/connections.mjs';
import { loginFlows } from './flows/login.mjs';
import { messageFlows } from './flows/messages.mjs';
import { sandboxFlows } from './flows/sandbox.mjs';
import { secretScan, securityFlows } from './flows/security.mjs';

addSecret('console admin token', readSecret(config.tokenFile));
addSecret('operator key', readSecret(config.operatorKeyFile));
addSecret('demo API key', readSecret(config.demoKeyFile));
addSecret('demo client secret', readSecret(config.demoSecretFile));

let browser = null;
await step('launch chromium (headless, Debian\'s /usr/bin/chromium)', async () => {
  browser = await launchBrowser();
});
if (browser) {
  try {
    await loginFlows(browser);
    await messageFlows();
    await sandboxFlows();
    await doctorFlows();
    await securityFlows(browser);
    await laneFlows();  // last: the sandbox's clock moves 400 days on for good
    await secretScan();
  } finally {
    await browser.close();
  }
}
printA11yTable();
process.exitCode = summary() > 0 ? 1 : 0;
