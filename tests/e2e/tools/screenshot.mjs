// Takes the README's screenshot (docs/screenshot.png) of the built app.
// Usage (after `cargo xtask dist`), from tests/e2e: node tools/screenshot.mjs [dist-dir]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const dist = process.argv[2] ?? '../../dist';
const port = 4199;
const server = spawn('node', ['serve.mjs', dist, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  const field = (label) => page.getByLabel(label, { exact: true });
  await field('Title').fill('Checkout latency after the cache migration');
  await field('Incident date').fill('2025-03-14');
  await field('Severity').selectOption('SEV2');
  await field('Start').fill('14:05');
  await field('End').fill('15:20');
  await field('Time zone').fill('Europe/Berlin');
  await field('Summary').fill('Checkout requests took up to **9 s** after the cache cluster moved.');
  const rows = [
    ['14:05', 'Cache cluster switched to the new region', 'other'],
    ['14:11', 'Checkout p99 latency alert fired', 'detection'],
    ['14:14', 'On-call acknowledged the page', 'acknowledgement'],
    ['14:40', 'Traffic pinned back to the old cluster', 'mitigation'],
    ['15:20', 'Latency back to baseline', 'resolution'],
  ];
  for (const [time, text, kind] of rows) {
    await page.getByRole('button', { name: 'Add entry', exact: true }).click();
    const row = page.locator('ol.timeline > li').last();
    await row.getByLabel('Time', { exact: true }).fill(time);
    await row.getByLabel('What happened', { exact: true }).fill(text);
    await row.getByLabel('Kind', { exact: true }).selectOption(kind);
  }
  await page.locator('ol.timeline > li').nth(1).getByLabel('Key moment').check();
  await page.getByRole('tab', { name: 'Rendered' }).click();
  await page.locator('ol.timeline > li').first().getByLabel('What happened', { exact: true }).focus();
  await page.evaluate(() => {
    const top = document.getElementById('section-timeline').getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top - 60);
  });
  await page.waitForTimeout(600); // the preview's smooth scroll
  await page.screenshot({ path: '../../docs/screenshot.png' });
} finally {
  await browser.close();
  server.kill();
}
