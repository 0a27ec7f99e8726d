// The benchmark's static server: serves a built folder on 127.0.0.1 the way a static host does
// (gzip -9 when the browser accepts it; trunk's content-hashed files cached for a year, every
// other file revalidated with an ETag), and counts every byte it sends, so a first visit's
// transfer is measured at the wire (service-worker fetches included), not estimated.
//
// Used in-process by bench.mjs; `node gzip-server.mjs <dir> [port]` also runs it on its own
// (for Lighthouse or a look in a browser).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
// What gzip helps (a host compresses text and wasm, not images).
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.json', '.webmanifest', '.svg']);
// trunk names built files `name-<16 hex digits>.ext` (filehash): their content never changes.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/;

/** Starts the server on `port` (0: any free port). */
export async function serveGzip(dir, port = 0) {
  const root = resolve(dir);
  const files = new Map(); // path → { body, gzip, etag }
  const log = []; // { path, status, bytes } per response, since the last reset
  const load = async (path) => {
    if (!files.has(path)) {
      const body = await readFile(path);
      const gzip = COMPRESSIBLE.has(extname(path)) ? gzipSync(body, { level: 9 }) : null;
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      files.set(path, { body, gzip, etag });
    }
    return files.get(path);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    let sent = 0;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = (chunk, ...rest) => {
      if (chunk) sent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    };
    res.end = (chunk, ...rest) => {
      if (chunk && typeof chunk !== 'function') sent += Buffer.byteLength(chunk);
      return end(chunk, ...rest);
    };
    res.on('finish', () => {
      // The status line and headers count too (as a host would send them over HTTP/1.1).
      const head = Buffer.byteLength(res._header ?? '');
      log.push({ path: url.pathname, status: res.statusCode, bytes: sent + head, body: sent });
    });
    if (!path.startsWith(root)) return res.writeHead(403).end();
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const file = await load(path);
      const headers = {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag: file.etag,
        vary: 'accept-encoding',
      };
      if (req.headers['if-none-match'] === file.etag) return res.writeHead(304, headers).end();
      const gzip = file.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (gzip) headers['content-encoding'] = 'gzip';
      const body = gzip ? file.gzip : file.body;
      headers['content-length'] = body.length;
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    /** The responses sent since the last reset. */
    sent: () => [...log],
    reset: () => {
      log.length = 0;
    },
    stop: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const [dir = '../../../dist', port = '8080'] = process.argv.slice(2);
  const server = await serveGzip(dir, Number(port));
  console.log(`serving ${resolve(dir)} with gzip at ${server.url}`);
}
