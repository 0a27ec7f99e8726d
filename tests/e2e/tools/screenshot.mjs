// Takes the README's screenshot (docs/screenshot.png) of the built app in dist/.
// Usage (after `cargo xtask dist`): node tools/screenshot.mjs   (from tests/e2e)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const port = 4199;
const server = spawn('node', ['serve.mjs', '../../dist', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByLabel('Title', { exact: true }).fill('Checkout latency after the cache migration');
  await page
    .getByLabel('Summary', { exact: true })
    .fill('From **14:05 to 15:20 UTC** checkout requests took up to 9 s.\n\n- 30% of orders timed out\n- No data was lost');
  await page.screenshot({ path: '../../docs/screenshot.png' });
} finally {
  await browser.close();
  server.kill();
}
