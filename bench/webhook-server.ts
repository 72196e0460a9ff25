// The server side of bench/webhooks.ts: the real server (startServer, as `threadline serve` runs it)
// in a process of its own, so the load generator's CPU is not counted against it. Talks to its
// parent over IPC: sends { url } once listening, answers { cpu } with its own CPU time, and closes
// on { stop }. { profile-start } / { profile-stop, dir } record a CPU profile of this thread in between.
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { startServer } from '../packages/server/src/cli/server.ts';
import { loadConfig } from '../packages/server/src/config.ts';

const config = loadConfig({
  ...process.env,
  PORT: '0',
  SETUP_POLLER: '0',
  // The number Twilio was given; the generator signs for it.
  PUBLIC_URL: process.env.BENCH_PUBLIC_URL ?? 'http://threadline.test',
});
const server = await startServer(config, (line) => console.error(line));

let profiler: Session | null = null;
process.on('message', async (message: { type: string; dir?: string }) => {
  if (message.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    process.send!({ type: 'profiling' });
  } else if (message.type === 'profile-stop') {
    const { profile } = await profiler!.post('Profiler.stop');
    profiler!.disconnect();
    mkdirSync(message.dir!, { recursive: true });
    const file = join(message.dir!, `server-main-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.send!({ type: 'profiled', files: [file] });
  } else if (message.type === 'cpu') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'cpu', userMs: cpu.user / 1000, systemMs: cpu.system / 1000 });
  } else if (message.type === 'stop') {
    await server.close();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  }
});
process.send!({ type: 'listening', url: server.url });
