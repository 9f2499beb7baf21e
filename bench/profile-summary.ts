// Top functions by self time in a V8 CPU profile (node --cpu-prof), grouped by function and file, with the
// share of all samples; plus the same grouped by package, so "where the time goes" reads at a glance.
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface CallFrame { readonly functionName: string; readonly url: string; readonly lineNumber: number }
interface ProfileNode { readonly id: number; readonly callFrame: CallFrame; readonly hitCount?: number }
interface CpuProfile { readonly nodes: readonly ProfileNode[]; readonly samples: readonly number[]; readonly timeDeltas: readonly number[] }

const isProfile = (value: unknown): value is CpuProfile =>
  typeof value === 'object' && value !== null && 'nodes' in value && Array.isArray(value.nodes) && 'samples' in value && Array.isArray(value.samples)
  && 'timeDeltas' in value && Array.isArray(value.timeDeltas);

const shortUrl = (url: string): string => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '') || '(native)';
};

const packageOf = (url: string): string => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '?');
  }
  if (url.includes('/src/')) return 'masq (src/)';
  if (url.startsWith('node:')) return 'node internals';
  return url === '' ? '(native / gc / idle)' : 'other';
};

export const summarise = (profile: CpuProfile, top = 25): string => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const key = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
    const pkg = frame.functionName === '(garbage collector)' ? '(garbage collector)' : frame.functionName === '(program)' ? '(program)' : packageOf(frame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled; shares are of busy time`, '', 'self time by function:'];
  for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${k}`);
  lines.push('', 'self time by package:');
  for (const [k, t] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(t)}  ${k}`);
  return lines.join('\n');
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [top]');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`);
  console.log(summarise(parsed, Number(process.argv[3] ?? '25')));
}
