/**
 * CPU profiles for the benchmarks: V8's sampling profiler started and stopped on command inside the
 * server process (node:inspector), and a short reading of a profile: where the time went, by
 * function, as self time and as time including callees. Profiles are Chrome DevTools .cpuprofile
 * files, so any one can also be opened in DevTools or speedscope.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The sampling profiler of this process, started and stopped on demand. */
export function profiler() {
  const session = new Session();
  session.connect();
  let running = false;
  return {
    async start(): Promise<void> {
      if (running) return;
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      running = true;
    },
    async stop(): Promise<CpuProfile> {
      running = false;
      const { profile } = await session.post('Profiler.stop');
      return profile as unknown as CpuProfile;
    },
  };
}

export interface Hotspot {
  name: string;
  ms: number;
  share: number;
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? url.slice(7) : url;
  const short = file.includes('/node_modules/')
    ? file.slice(file.lastIndexOf('/node_modules/') + 14)
    : file.startsWith(root)
      ? file.slice(root.length)
      : file;
  return `${functionName || '(anonymous)'} ${short}${short ? `:${lineNumber + 1}` : ''}`;
}

/**
 * The functions that took the most time: by self time (the hot loop itself) and by time
 * including callees, the latter only for the app's own code (paths under `root`, outside
 * node_modules), which is what a change would touch.
 */
export function hotspots(profile: CpuProfile, root: string, top = 6): { busyMs: number; self: Hotspot[]; app: Hotspot[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spent = new Map<number, number>();
  profile.samples.forEach((id, i) => spent.set(id, (spent.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of spent) {
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) continue;
    busy += us;
    const name = frameName(node, root);
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      const url = frame.callFrame.url;
      if (!url.includes(root) || url.includes('/node_modules/') || url.includes('/bench/')) continue;
      const n = frameName(frame, root);
      if (seen.has(n)) continue;
      seen.add(n);
      inclusive.set(n, (inclusive.get(n) ?? 0) + us);
    }
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy ? us / busy : 0 }));
  return { busyMs: busy / 1000, self: rank(self), app: rank(inclusive) };
}
