/**
 * Who may talk to the endpoint. It listens on loopback unless told explicitly (allowRemote, with a warning
 * from the CLI), and it refuses requests a web page could make: any page open in a local browser can send a
 * form POST to 127.0.0.1 (the Query protocol needs no preflight) or load an image from it, and DNS
 * rebinding lets a page send requests under its own host name. So a foreign Origin, a cross-site
 * Sec-Fetch-Site and a Host that is not this endpoint's are refused, unless allowed by name.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, type CloudWatchLocalOptions, startCloudWatchLocal } from '../src/index.js';
import { formBody } from './helpers.js';
import { LONG, post, rawExchange, recordFigures } from './support/abuse.js';

let cw: CloudWatchLocal | undefined;
afterEach(async () => {
  await cw?.stop();
  cw = undefined;
});

async function start(options: CloudWatchLocalOptions = {}): Promise<CloudWatchLocal> {
  cw = await startCloudWatchLocal(options);
  return cw;
}

const PUT_FORM = formBody({
  Action: 'PutMetricData',
  Version: '2010-08-01',
  Namespace: 'Origins',
  'MetricData.member.1.MetricName': 'M',
  'MetricData.member.1.Value': 1,
});

/** A Query PutMetricData as a web page's form would send it, with the given headers on top. */
function formPut(headers: Record<string, string>): Buffer {
  return post({ 'content-type': 'application/x-www-form-urlencoded', ...headers }, PUT_FORM);
}

describe('binding beyond loopback', () => {
  it('is refused without allowRemote, naming the option', async () => {
    for (const host of ['0.0.0.0', '::']) {
      await expect(startCloudWatchLocal({ host, port: 0 })).rejects.toThrow(/allowRemote/);
    }
  });

  it('works with allowRemote, and still serves loopback clients', async () => {
    const remote = await start({ host: '0.0.0.0', allowRemote: true });
    const answer = await rawExchange(remote.port, formPut({ host: `127.0.0.1:${remote.port}` }));
    expect(answer.status).toBe(200);
    // A request to one of this machine's own addresses is not a rebinding: its Host is that address.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (address) {
      expect((await rawExchange(remote.port, formPut({ host: `${address}:${remote.port}` }))).status).toBe(
        200,
      );
    }
  });

  it('takes loopback addresses and names without the option', async () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      const local = await startCloudWatchLocal({ host, port: 0 }).catch((error: Error) => error);
      // ::1 or 127.0.0.2 may not exist on this machine: then it fails to listen, not for being remote.
      if (local instanceof Error) expect(local.message).not.toMatch(/allowRemote/);
      else await local.stop();
    }
  });

  it('the CLI refuses --host 0.0.0.0 alone (exit 2), and warns with --allow-remote', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "pnpm run build" first`);
    const run = (args: string[]) => {
      const child = spawn(process.execPath, [cli, '--port', '0', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('listening on')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on('close', (code) => resolve({ code, stdout, stderr })),
      );
    };
    const refused = await run(['--host', '0.0.0.0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--host 0\.0\.0\.0 .*--allow-remote/);
    const allowed = await run(['--host', '0.0.0.0', '--allow-remote']);
    expect(allowed.stdout).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(allowed.stderr).toMatch(/warning: .*anyone who can reach/i);
  });
});

describe('requests a web page could make', () => {
  it('refuses a foreign Origin with 403, storing nothing, on every path', async () => {
    const { port } = await start();
    const host = `127.0.0.1:${port}`;
    const origin = 'http://evil.example';
    const put = await rawExchange(port, formPut({ host, origin }));
    expect(put.status).toBe(403);
    expect(put.body).toMatch(
      /<Code>ForbiddenOrigin<\/Code><Message>.*http:\/\/evil\.example.*allowedOrigins/,
    );
    const json = await rawExchange(
      port,
      post(
        {
          host,
          origin,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
        },
        JSON.stringify({ Namespace: 'Origins', MetricData: [{ MetricName: 'M', Value: 1 }] }),
      ),
    );
    expect(json.status).toBe(403);
    expect(JSON.parse(json.body).__type).toMatch(/ForbiddenOrigin/);
    expect(cw?.stats().storedMetrics).toBe(0);

    expect((await rawExchange(port, formPut({ host }))).status).toBe(200);
    const reset = await rawExchange(
      port,
      `POST /_cwagg/reset HTTP/1.1\r\nhost: ${host}\r\norigin: null\r\ncontent-length: 0\r\n\r\n`,
    );
    expect(reset.status).toBe(403);
    expect(cw?.stats().storedMetrics).toBe(1);
    expect(cw?.stats().rejections).toMatchObject({ ForbiddenOrigin: 3 });
  });

  it('refuses a cross-site request with no Origin (an image or a link), by its Sec-Fetch-Site', async () => {
    const { port } = await start();
    const get = await rawExchange(
      port,
      `GET /?${PUT_FORM} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nsec-fetch-site: cross-site\r\nsec-fetch-mode: no-cors\r\n\r\n`,
    );
    expect(get.status).toBe(403);
    for (const site of ['none', 'same-origin']) {
      const typed = await rawExchange(
        port,
        `GET /?${PUT_FORM} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nsec-fetch-site: ${site}\r\n\r\n`,
      );
      expect(typed.status, site).toBe(200);
    }
  });

  it('refuses a Host that is not the endpoint (DNS rebinding), and takes loopback names', async () => {
    const { port } = await start();
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      'localhost.evil',
    ]) {
      const answer = await rawExchange(port, formPut({ host }));
      expect(answer.status, host).toBe(403);
      expect(answer.body, host).toMatch(/<Code>ForbiddenHost<\/Code>.*allowedHosts/);
    }
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `[::1]:${port}`,
      `app.localhost:${port}`,
      '127.8.9.10',
    ]) {
      expect((await rawExchange(port, formPut({ host }))).status, host).toBe(200);
    }
    expect(cw?.stats().storedMetrics).toBe(1);
  });

  it('takes origins and hosts allowed by name, or any with "*"', async () => {
    const { port } = await start({
      allowedOrigins: ['http://localhost:3000'],
      allowedHosts: ['cw.internal'],
    });
    expect(
      (await rawExchange(port, formPut({ host: `127.0.0.1:${port}`, origin: 'http://localhost:3000' })))
        .status,
    ).toBe(200);
    expect(
      (await rawExchange(port, formPut({ host: `127.0.0.1:${port}`, origin: 'http://localhost:3001' })))
        .status,
    ).toBe(403);
    expect((await rawExchange(port, formPut({ host: `cw.internal:${port}` }))).status).toBe(200);
    await cw?.stop();
    const open = await start({ allowedOrigins: ['*'], allowedHosts: ['*'] });
    expect(
      (
        await rawExchange(
          open.port,
          formPut({
            host: 'anything.example',
            origin: 'http://evil.example',
            'sec-fetch-site': 'cross-site',
          }),
        )
      ).status,
    ).toBe(200);
  });
});

describe('a page trying every way in', () => {
  const attempts = LONG ? 5_000 : 400;

  it(`${attempts} requests as web pages and rebound names would send them: 403 each, nothing stored or reset`, async () => {
    const { port } = await start();
    expect((await rawExchange(port, formPut({ host: `127.0.0.1:${port}` }))).status).toBe(200);
    const origins = ['http://evil.example', 'null', 'https://attacker.test:8443', 'http://localhost:3000'];
    const hosts = ['evil.example', `rebound.example:${port}`, '127.0.0.1.nip.example', 'localhost.evil'];
    const kinds = [
      'form POST with Origin',
      'JSON POST with Origin',
      'reset with Origin',
      'cross-site GET',
      'rebound Host',
    ];
    const byKind = new Map<string, number>();
    for (let i = 0; i < attempts; i++) {
      const kind = kinds[i % kinds.length] as string;
      const origin = origins[i % origins.length] as string;
      const host = hosts[i % hosts.length] as string;
      const request =
        kind === 'form POST with Origin'
          ? formPut({ host: `127.0.0.1:${port}`, origin })
          : kind === 'JSON POST with Origin'
            ? post(
                {
                  origin,
                  'content-type': 'application/x-amz-json-1.0',
                  'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
                },
                JSON.stringify({ Namespace: 'Evil', MetricData: [{ MetricName: 'M', Value: i }] }),
              )
            : kind === 'reset with Origin'
              ? post({ origin }, '', '/_cwagg/reset')
              : kind === 'cross-site GET'
                ? `GET /?${PUT_FORM} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nsec-fetch-site: cross-site\r\n\r\n`
                : formPut({ host });
      const answer = await rawExchange(port, request);
      expect(answer.status, kind).toBe(403);
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    const stats = cw?.stats();
    expect(stats?.storedMetrics).toBe(1);
    expect(stats?.putMetricData.accepted).toBe(1);
    recordFigures('foreign-origins', {
      attempts,
      byKind: Object.fromEntries(byKind),
      refused403: attempts,
      stored: 0,
      resets: 0,
    });
  });
});
