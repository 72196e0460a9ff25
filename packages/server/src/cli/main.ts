// Entry of the `threadline` command (bin/threadline.js loads this through tsx).
import { runCli } from './commands.ts';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
// Exit explicitly: a PostgreSQL migration leaves a socket open for ~10 s (see ENV.md), and a
// one-shot command should not linger after it has answered.
process.stdout.write('', () => process.exit(code));
