#!/usr/bin/env node
/** cwagg-kinesis-local: the Kinesis emulator on a fixed port, for trying cwagg-producer by hand. */
import { parseArgs } from 'node:util';
import { type KinesisLocalLogLevel, startKinesisLocal } from './kinesis-local.js';

const HELP = `cwagg-kinesis-local: run the kinesis-local emulator until Ctrl-C

Usage: cwagg-kinesis-local [--port 4567] [--log-level ERROR|WARN|INFO|DEBUG]

  --port N          plain HTTP port (default 4567)
  --log-level L     the emulator's log level, printed to stderr (default ERROR)
  -h, --help        this help

Then, in another terminal:
  cwagg-producer --endpoint http://127.0.0.1:4567 --stream demo --create-stream --count 5000 --seed 1
`;

async function main(): Promise<number> {
  let values: { port?: string | undefined; 'log-level'?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      strict: true,
      options: {
        port: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = Number(values.port ?? 4567);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`error: --port ${values.port}: expected a port number.\n`);
    return 2;
  }
  const logLevel = (values['log-level'] ?? 'ERROR').toUpperCase() as KinesisLocalLogLevel;
  if (!['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'].includes(logLevel)) {
    process.stderr.write(
      `error: --log-level ${values['log-level']}: expected ERROR, WARN, INFO, DEBUG or TRACE.\n`,
    );
    return 2;
  }
  let kinesis: Awaited<ReturnType<typeof startKinesisLocal>>;
  try {
    kinesis = await startKinesisLocal({ port, logLevel, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `kinesis-local (pid ${kinesis.pid}) listening on ${kinesis.endpoint}, region ${kinesis.region}. Ctrl-C stops it.\n`,
  );
  // The emulator does not hold this process open by itself (see startKinesisLocal): wait here.
  const keepAlive = setInterval(() => {}, 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await kinesis.stop();
  clearInterval(keepAlive);
  return 0;
}

process.exitCode = await main();
