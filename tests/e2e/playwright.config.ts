// End-to-end tests against the release build in dist/, served on 127.0.0.1.
// `cargo xtask test` builds dist/, picks a free port and passes it as PORT.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

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
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
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
