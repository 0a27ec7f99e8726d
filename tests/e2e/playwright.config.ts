// End-to-end tests against the release build in dist/, served on 127.0.0.1.
// `cargo xtask test` builds dist/, picks a free port and passes it as PORT.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PORT ?? 4173);
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  testDir: './specs',
  forbidOnly: true,
  retries: 0,
  workers: 2,
  fullyParallel: true,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    acceptDownloads: true,
    trace: 'off',
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser of its own.
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node serve.mjs ${process.env.DIST ?? '../../dist'} ${port} ${base}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
