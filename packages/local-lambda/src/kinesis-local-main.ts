/** cwagg-kinesis-local: the Kinesis emulator on a fixed port until Ctrl-C, for trying cwagg-producer by hand. */
import {
  type CliIo,
  describeExitCodes,
  EXIT,
  type FlagTable,
  formatHelp,
  parseFlags,
  reportError,
} from '@cwagg/cli';
import { KINESIS_LOCAL_LOG_LEVELS, startKinesisLocal } from './kinesis-local.js';

export const CLI_NAME = 'cwagg-kinesis-local';
/** The port cwagg-producer's examples use. */
export const DEFAULT_KINESIS_LOCAL_PORT = 4567;
const MAX_PORT = 65_535;

export const FLAGS = {
  port: {
    type: 'integer',
    min: 1,
    max: MAX_PORT,
    default: DEFAULT_KINESIS_LOCAL_PORT,
    grouping: false,
    description: 'plain HTTP port',
  },
  'log-level': {
    type: 'enum',
    value: 'L',
    choices: KINESIS_LOCAL_LOG_LEVELS,
    ignoreCase: true,
    default: 'ERROR',
    description: `the emulator's log level, printed to stderr: ${KINESIS_LOCAL_LOG_LEVELS.join(', ')}`,
  },
} as const satisfies FlagTable;

export const HELP = formatHelp({
  usage: `${CLI_NAME}: run the kinesis-local emulator until Ctrl-C

Usage: ${CLI_NAME} [--port ${DEFAULT_KINESIS_LOCAL_PORT}] [--log-level ERROR|WARN|INFO|DEBUG|TRACE]`,
  flags: FLAGS,
  notes: describeExitCodes({
    ok: 'stopped by Ctrl-C or SIGTERM',
    failed: 'the emulator did not start',
    interrupted: undefined,
  }),
  sections: {
    'Then, in another terminal': `  cwagg-producer --endpoint http://127.0.0.1:${DEFAULT_KINESIS_LOCAL_PORT} --stream demo --create-stream --count 5000 --seed 1`,
  },
});

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const { port, logLevel } = parsed.values;
  let kinesis: Awaited<ReturnType<typeof startKinesisLocal>>;
  try {
    kinesis = await startKinesisLocal({ port, logLevel, log: (line) => io.stderr.write(`${line}\n`) });
  } catch (err) {
    reportError(io, CLI_NAME, (err as Error).message);
    return EXIT.failed;
  }
  io.stdout.write(
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
  return EXIT.ok;
}
