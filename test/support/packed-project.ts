/**
 * A published package as another team gets it, for the packaging tests of @cwagg/core, @cwagg/otel and
 * @cwagg/lambda: packed with pnpm (which writes real version ranges in place of `workspace:`), installed
 * offline from the tarballs into a fresh project outside the workspace, with the peers linked from the
 * package's own node_modules (there is no network). Test-only; imported by relative path.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PackedProject {
  /** The consumer project's folder: package.json and node_modules with the tarballs installed. */
  project: string;
  /** The files the package's tarball holds, sorted. */
  files: string[];
  /** Writes `source` as `file` in the project, runs it with Node and returns its last line, parsed. */
  runConsumer(file: string, source: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>>;
  /** Type-checks the given files (name → source) strictly from the project; '' when they check. */
  typeCheck(sources: Record<string, string>): Promise<{ output: string; failed: boolean }>;
  remove(): Promise<void>;
}

export interface PackOptions {
  /** The package under test. */
  packageDir: string;
  /** Workspace packages it depends on, packed and installed beside it. */
  alongside?: string[];
  /** Peers and type packages, linked from packageDir's node_modules. */
  links: string[];
}

/** npm and pnpm without pnpm's npm_config_* variables, telemetry-free, with a private cache. */
function cleanEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_')) env[name] = value;
  }
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

export async function packedProject({
  packageDir,
  alongside = [],
  links,
}: PackOptions): Promise<PackedProject> {
  const temp = await realpath(await mkdtemp(join(tmpdir(), 'cwagg-pack-')));
  const env = cleanEnv(join(temp, 'npm-cache'));
  const pack = async (dir: string) => {
    const packed = await run('pnpm', ['pack', '--json', '--pack-destination', temp], { cwd: dir, env });
    return JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] };
  };
  const main = await pack(packageDir);
  const others = await Promise.all(alongside.map(async (dir) => pack(await realpath(dir))));

  const project = join(temp, 'consumer');
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  const tarballs = [main, ...others].map((info) => info.filename);
  await run('npm', ['install', ...tarballs, '--legacy-peer-deps', '--offline', '--no-audit', '--no-fund'], {
    cwd: project,
    env,
  });
  for (const dependency of links) {
    const target = join(project, 'node_modules', dependency);
    await mkdir(dirname(target), { recursive: true });
    await symlink(await realpath(join(packageDir, 'node_modules', dependency)), target, 'dir');
  }

  return {
    project,
    files: main.files.map((file) => file.path).sort(),
    async runConsumer(file, source, extraEnv) {
      await writeFile(join(project, file), source);
      const { stdout } = await run(process.execPath, [file], {
        cwd: project,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extraEnv },
      });
      return JSON.parse(stdout.trim().split('\n').at(-1) as string);
    },
    async typeCheck(sources) {
      for (const [name, source] of Object.entries(sources)) await writeFile(join(project, name), source);
      await writeFile(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
          },
          files: Object.keys(sources),
        }),
      );
      const tsc = join(await realpath(join(packageDir, 'node_modules', 'typescript')), 'bin', 'tsc');
      return run(process.execPath, [tsc, '-p', project], { cwd: project }).then(
        ({ stdout }) => ({ output: stdout, failed: false }),
        (error: { stdout: string }) => ({ output: error.stdout, failed: true }),
      );
    },
    remove: () => rm(temp, { recursive: true, force: true }),
  };
}

/**
 * What a dual-build package's tarball must hold, no more: package.json, README, CHANGELOG, and for every
 * source module its ES module and CommonJS builds with their types.
 */
export async function expectedTarballFiles(packageDir: string): Promise<string[]> {
  const modules = (await readdir(join(packageDir, 'src'), { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length));
  return [
    'CHANGELOG.md',
    'README.md',
    'package.json',
    'dist/cjs/package.json',
    ...modules.flatMap((module) => [
      `dist/${module}.js`,
      `dist/${module}.d.ts`,
      `dist/cjs/${module}.js`,
      `dist/cjs/${module}.d.ts`,
    ]),
  ].sort();
}
