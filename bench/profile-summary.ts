// Summarises a V8 .cpuprofile (node --cpu-prof, e.g. BENCH_PROFILE=<dir> with bench/webhooks.ts):
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> [per-request count] [thread name filter]
// Prints the top functions by self time and by inclusive time (each sample counted once per
// function on its stack), in ms and, given the number of requests served, in us per request.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, perArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [requests]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const requests = Number(perArg ?? 0);
const parent = new Map<number, number>();
const byId = new Map<number, Node>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}
const keyOf = (node: Node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '').replace(/.*node_modules\/(\.pnpm\/)?/, '').replace(/.*\/packages\//, '').replace(/\?.*$/, '');
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]!)!;
  const leafKey = keyOf(leaf);
  if (leaf.callFrame.functionName === '(idle)') {
    idle += ms;
    continue;
  }
  total += ms;
  self.set(leafKey, (self.get(leafKey) ?? 0) + ms);
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const key = keyOf(byId.get(id)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  }
}
const per = (ms: number) => (requests ? `${((ms * 1000) / requests).toFixed(1).padStart(8)} us/req` : '');
console.log(`${file}: busy ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms${requests ? `, ${requests} requests: ${per(total)}` : ''}`);
const print = (title: string, map: Map<string, number>, limit: number) => {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}% ${per(ms)}  ${key.slice(0, 150)}`);
  }
};
print('Self time', self, 35);
print('Inclusive time', inclusive, 70);
