/**
 * npm run bench:hostile — the hostile corpus (scripts/hostile-corpus.ts) through the real API: runs
 * test/medium/hostile-input.spec.ts, which sends every file to the four uploads and records, per file,
 * the answer, the seconds it took and the peak RSS sampled while it was handled, then prints the
 * slowest and the largest. The API runs inside the test process, so the RSS is that process's: the API
 * plus the test's own copy of the file being sent (and vitest). Goals (issue 16): every file under
 * 10 s, the API under 400 MB. The last line is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { line } from './support.js';

interface Figure {
  file: string;
  status: number;
  seconds: number;
  rssMb: number;
}

async function main(): Promise<void> {
  const out = path.resolve('bench/out/hostile.json');
  await mkdir(path.dirname(out), { recursive: true });
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'medium', 'test/medium/hostile-input.spec.ts'], {
    stdio: 'inherit',
    env: { ...process.env, HOSTILE_FIGURES: out },
  });
  if (run.status !== 0) throw new Error(`the hostile corpus test failed (exit ${run.status})`);
  const figures: Figure[] = JSON.parse(await readFile(out, 'utf8'));
  const bySeconds = [...figures].sort((a, b) => b.seconds - a.seconds);
  line('slowest files:');
  for (const f of bySeconds.slice(0, 8))
    line(`  ${f.file.padEnd(48)} ${f.status}  ${f.seconds.toFixed(2)} s  ${f.rssMb} MB`);
  const refused = figures.filter((f) => f.status >= 400).length;
  line(`${figures.length} files: ${refused} refused, ${figures.length - refused} parsed, none answered 5xx`);
  console.log(
    JSON.stringify({
      files: figures.length,
      refused,
      parsed: figures.length - refused,
      max_s: Number(bySeconds[0]!.seconds.toFixed(2)),
      slowest: bySeconds[0]!.file,
      max_rss_mb: Math.max(...figures.map((f) => f.rssMb)),
    }),
  );
}

await main();
