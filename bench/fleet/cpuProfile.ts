// A CPU profile of the backend's main thread, recorded by the bench plugin through the inspector
// (the thread whose stalls the benchmark reports), summarised where the time went: self time by
// function and by package or source file. The whole profile is written for Chrome's DevTools.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time, highest first: `ms where`. */
  functions: Array<{ ms: number; where: string }>;
  modules: Array<{ ms: number; where: string }>;
}

let session: Session | undefined;

export async function startProfile(): Promise<void> {
  if (session) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

/** `node_modules/@scope/pkg` or `plugins/x/src/file.ts`, whichever the frame comes from. */
function moduleOf(url: string): string {
  if (!url) return '(native or idle)';
  const pkg =
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
      url,
    );
  if (pkg) return pkg[1];
  const own = /\/((?:plugins|packages|bench)\/.*)$/.exec(url);
  return own ? own[1] : url.replace(/^file:\/\//, '');
}

function top(totals: Map<string, number>, n: number) {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, us]) => ({ ms: Math.round(us / 1000), where }));
}

export async function stopProfile(): Promise<ProfileSummary> {
  if (!session) throw new Error('no profile is being recorded');
  const { profile } = (await session.post('Profiler.stop')) as unknown as {
    profile: Profile;
  };
  session.disconnect();
  session = undefined;
  const file = join(tmpdir(), `fleet-backend-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    totalUs += us;
    const module = moduleOf(frame.url);
    const where = `${frame.functionName || '(anonymous)'} ${module}:${
      frame.lineNumber + 1
    }`;
    functions.set(where, (functions.get(where) ?? 0) + us);
    modules.set(module, (modules.get(module) ?? 0) + us);
  });
  return {
    file,
    totalMs: Math.round(totalUs / 1000),
    functions: top(functions, 12),
    modules: top(modules, 8),
  };
}
