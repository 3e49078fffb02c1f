import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus, type HostileFile } from '../../scripts/hostile-corpus.js';
import {
  createUploadTargets,
  expectClearAnswer,
  expectNothingWritten,
  tableCounts,
  type UploadTarget,
} from '../factories/hostile-targets.js';
import { createTestApi, TestApi } from './test-app.js';

interface Figure {
  file: string;
  status: number;
  seconds: number;
  rssMb: number;
}

/**
 * Every file of the hostile corpus (scripts/hostile-corpus.ts) sent to each upload that reads files:
 * a clear 4xx naming the file or the cell, or a correct parse; never a 5xx, never half of it written.
 * The API runs in this process, so its memory is this process's: sampled while each file is handled
 * and written (with the time taken) to HOSTILE_FIGURES for `npm run bench:hostile`; not asserted here.
 */
describe('hostile uploads', () => {
  let api: TestApi;
  let targets: UploadTarget[];
  const figures: Figure[] = [];

  beforeAll(async () => {
    // Every return is checked in the request, as the worker would check a large one (ReturnsService.submit).
    api = await createTestApi({ returnsAsyncThresholdBytes: 64 * 1024 * 1024 });
    targets = await createUploadTargets(api);
  });
  afterAll(async () => {
    await api?.close();
    const path = process.env.HOSTILE_FIGURES;
    if (path) await writeFile(path, JSON.stringify(figures));
  });

  async function send(target: UploadTarget, file: HostileFile) {
    const content = file.content();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const before = await tableCounts(api);
    const started = performance.now();
    try {
      const response = await target.upload(file.fileName, content);
      const seconds = (performance.now() - started) / 1000;
      figures.push({ file: file.fileName, status: response.status, seconds, rssMb: Math.round(peak / 2 ** 20) });
      return { response, before, after: await tableCounts(api) };
    } finally {
      clearInterval(sampler);
    }
  }

  for (const target of ['returns', 'catalogue', 'fingertips', 'dfe']) {
    it(`${target}: refuses each hostile file clearly or parses it correctly, and writes nothing when it refuses`, async () => {
      const sut = targets.find((t) => t.base.target === target)!;
      const outcomes: string[] = [];
      for (const file of hostileCorpus(sut.base)) {
        const { response, before, after } = await send(sut, file);
        const body = response.body as { message?: string; details?: { message: string }[] };
        outcomes.push(`${file.kind}: ${response.status}`);
        expectClearAnswer(response, file.fileName);
        const refused = response.status >= 400;
        if (file.expect !== 'either')
          expect(refused, `${file.fileName} ${response.text.slice(0, 300)}`).toBe(file.expect === 'refused');
        if (refused) {
          expectNothingWritten(before, after, response, file.fileName);
          if (file.message) {
            const said = [body.message, ...(body.details ?? []).map((d) => d.message)].join(' | ');
            expect(said, file.fileName).toMatch(file.message);
          }
        } else if (file.storedNumber !== undefined) {
          expect(await sut.storedNumber(), file.fileName).toBe(file.storedNumber);
        }
      }
      console.log(`${target}: ${outcomes.join(', ')}`);
    }, 120_000);
  }
});
