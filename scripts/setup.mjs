#!/usr/bin/env node
// Installs what Threadline needs on a machine that has only Node.js and npm, then the workspace.
// `node scripts/setup.mjs` for the demo; `--test` also makes sure Chromium and PostgreSQL are there.
// Idempotent: each step checks first, so a second run takes a second or two.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM_VERSION = '12.4.2';
const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log(`Usage: node scripts/setup.mjs [--test]
  Installs pnpm ${PNPM_VERSION} (npm -g) if missing and the workspace's dependencies.
  --test  also installs Debian's Chromium (for browser tests) and starts the local PostgreSQL if stopped.`);
  process.exit(0);
}

const log = (message) => console.log(`[setup] ${message}`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const run = (command, env = {}) => execSync(command, { stdio: 'inherit', env: { ...process.env, ...env } });

// pnpm: corepack fails its signature check on these machines, so install the pinned version with npm.
const pnpmVersion = has('pnpm') ? execSync('pnpm --version').toString().trim() : null;
if (pnpmVersion !== PNPM_VERSION) {
  log(`installing pnpm ${PNPM_VERSION} (found ${pnpmVersion ?? 'none'})`);
  run(`npm install -g pnpm@${PNPM_VERSION} --no-fund --no-audit`);
}

// better-sqlite3 compiles from source; node-gyp must use the headers Node ships instead of downloading them.
const buildEnv = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
log('installing workspace dependencies');
run('pnpm install --frozen-lockfile --reporter=append-only', buildEnv);

if (args.has('--test')) {
  if (!existsSync('/usr/bin/chromium')) {
    if (process.getuid?.() === 0 && has('apt-get')) {
      log('installing Chromium from Debian packages (browser tests)');
      run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null');
    } else {
      log('Chromium is missing at /usr/bin/chromium: install it (apt-get install chromium) for the browser tests');
      process.exit(1);
    }
  }
  const pgReady = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-q'], { stdio: 'ignore' }).status === 0;
  if (has('pg_isready') && !pgReady() && has('pg_ctlcluster')) {
    log('starting the local PostgreSQL cluster');
    const version = execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
  }
  if (!has('pg_isready') || !pgReady()) {
    log('PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL half of the server tests will fail');
  }
}
log('ready');
