// Several Lighthouse audits in one Node process against one headless Chromium.
//
// The command line loads Lighthouse and starts a browser for every audit: about a third of a run's
// time on this project's pages. Here both happen once; every audit still gets a new tab, and
// Lighthouse resets the origin's storage and cache before each page load, as the command line does.
//
// stdin: a JSON list of {url, formFactor: "mobile"|"desktop", output, categories, cpuSlowdown?}
// Each report is written to its `output` as JSON, in order; the first failure (a page that did not
// load included) stops the batch with exit status 1 and the message on stderr. CHROME_PATH names
// the browser (nothing is downloaded).

import fs from 'node:fs';
import * as ChromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

// The command line's own --chrome-flags for these runs: no sandbox in containers, nothing fetched.
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update',
];

function flagsFor(job, port) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: job.categories,
    maxWaitForLoad: 60000,
    // The full-page screenshot only illustrates the HTML report; no audit scores it.
    disableFullPageScreenshot: true,
  };
  if (job.cpuSlowdown != null) {
    flags.throttling = {cpuSlowdownMultiplier: job.cpuSlowdown};
  }
  return flags;
}

async function main() {
  const jobs = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (!Array.isArray(jobs) || jobs.length === 0) {
    throw new Error('stdin must hold a non-empty JSON list of audits');
  }
  const chrome = await ChromeLauncher.launch({chromePath: process.env.CHROME_PATH, chromeFlags: CHROME_FLAGS});
  try {
    for (const job of jobs) {
      const config = job.formFactor === 'desktop' ? desktopConfig : undefined;
      const result = await lighthouse(job.url, flagsFor(job, chrome.port), config);
      if (!result) {
        throw new Error(`no result for ${job.url} (${job.formFactor})`);
      }
      fs.writeFileSync(job.output, result.report);
      // As the command line does: the report is kept, and a page that did not load fails the batch.
      if (result.lhr.runtimeError) {
        throw new Error(`${job.url} (${job.formFactor}): ${result.lhr.runtimeError.message}`);
      }
    }
  } finally {
    chrome.kill();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
