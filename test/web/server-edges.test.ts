// The server's edges: downloads that clients abandon, hidden files, foreign Host headers, loopback
// addresses other than 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  hostAllowed,
  isLoopback,
  type PlaygroundServer,
  startPlaygroundServer,
} from '../../src/server/playground-server.js';
import { rawRequest } from './http-raw.js';

function makeSite(): string {
  const web = mkdtempSync(join(tmpdir(), 'scratchnet-edges-'));
  mkdirSync(join(web, '.git'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>test</title>');
  writeFileSync(join(web, '.env'), 'TOKEN=secret');
  writeFileSync(join(web, '.git', 'config'), '[core]');
  writeFileSync(join(web, '..notes.txt'), 'notes');
  return web;
}

/** Starts downloading `path`, and hangs up as soon as the first bytes of the body arrive. */
function abandonDownload(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('playground server edges', () => {
  let server: PlaygroundServer;

  before(async () => {
    server = await startPlaygroundServer({ root: makeSite(), port: 0 });
  });
  after(() => server.close());

  test('downloads abandoned midway leave no file open, and the server answers afterwards', {
    skip: !existsSync('/proc/self/fd'),
  }, async () => {
    const before = openDescriptors();
    for (let i = 0; i < 60; i++) await abandonDownload(server.port, '/mnist/train-images-idx3-ubyte');
    // The server notices each hang-up on its next turn of the event loop.
    for (let wait = 0; wait < 50 && openDescriptors() > before + 2; wait++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(
      openDescriptors() <= before + 2,
      `${openDescriptors() - before} descriptors left open by 60 abandoned downloads`,
    );
    const r = await rawRequest(server.port, '/index.html');
    assert.equal(r.status, 200);
  });

  test('names starting with a dot are never served: 403 "hidden file", not a false "path traversal"', async () => {
    for (const path of ['/.env', '/.git/config', '/%2egit/config', '/..notes.txt']) {
      const r = await rawRequest(server.port, path);
      assert.equal(r.status, 403, path);
      assert.equal(r.body.toString(), 'hidden file\n', path);
    }
  });

  test('a Host header that is not an address or name of this server gets 421 (DNS rebinding)', async () => {
    const port = server.port;
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example']) {
      const r = await rawRequest(port, '/index.html', 'GET', host);
      assert.equal(r.status, 421, host);
      assert.match(r.body.toString(), /unknown Host header/);
    }
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST`, `[::1]:${port}`]) {
      assert.equal((await rawRequest(port, '/index.html', 'GET', host)).status, 200, host);
    }
  });
});

test('hostAllowed: IP addresses, localhost and the host the server was started on', () => {
  assert.equal(hostAllowed('192.168.1.5:8080', '0.0.0.0'), true);
  assert.equal(hostAllowed('myhost.lan:8080', 'myhost.lan'), true);
  assert.equal(hostAllowed('myhost.lan', '0.0.0.0'), false);
  assert.equal(hostAllowed('[fe80::1]:80', '::'), true);
  assert.equal(hostAllowed(undefined, '127.0.0.1'), true);
});

test('isLoopback: all of 127.0.0.0/8, ::1 and localhost, nothing else', () => {
  for (const h of ['127.0.0.1', '127.0.0.2', '127.255.0.9', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
    assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.0.1', '128.0.0.1', 'example.com', '127.example.com'])
    assert.equal(isLoopback(h), false, h);
});
