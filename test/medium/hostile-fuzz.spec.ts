import { afterAll, beforeAll, describe, it } from 'vitest';
import { random } from '../../bench/support.js';
import { csvOf, workbookParts, zipOf, type CorpusBase } from '../../scripts/hostile-corpus.js';
import {
  createUploadTargets,
  expectClearAnswer,
  expectNothingWritten,
  tableCounts,
  type UploadTarget,
} from '../factories/hostile-targets.js';
import { createTestApi, TestApi } from './test-app.js';

/** Seconds of mutations per target and form; the seed is printed so a failure can be replayed (FUZZ_SEED=…). */
const SECONDS = 2;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Random = () => number;
const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const between = (rnd: Random, low: number, high: number) => low + Math.floor(rnd() * (high - low + 1));

function flipBytes(rnd: Random, content: Buffer): Buffer {
  const copy = Buffer.from(content);
  for (let n = between(rnd, 1, 8); n > 0; n -= 1) copy[between(rnd, 0, copy.length - 1)] ^= between(rnd, 1, 255);
  return copy;
}

function truncate(rnd: Random, content: Buffer): Buffer {
  return content.subarray(0, between(rnd, 0, content.length - 1));
}

const SPLINTERS = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '</row>',
  '<c r="A1">',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '\u0000',
  '&amp;',
  ']]>',
];
const CSV_SPLINTERS = ['"', ',', ';', '\r\n', '\n', '\u0000', '""', '\ufeff', '=1+1', '1,234', '\u200b'];

/** One edit of a text: a slice deleted, a slice repeated, or a splinter of syntax put in. */
function mutateText(rnd: Random, text: string, splinters: readonly string[]): string {
  const at = between(rnd, 0, text.length);
  const length = between(rnd, 1, 40);
  switch (between(rnd, 0, 2)) {
    case 0:
      return text.slice(0, at) + text.slice(at + length);
    case 1:
      return text.slice(0, at) + text.slice(at, at + length).repeat(between(rnd, 2, 50)) + text.slice(at);
    default:
      return text.slice(0, at) + pick(rnd, splinters) + text.slice(at);
  }
}

/** A mutant of the target's valid file in one of the forms it reads. */
function mutant(rnd: Random, base: CorpusBase, form: 'xlsx' | 'csv'): Buffer {
  if (form === 'csv') {
    const csv = Buffer.from(csvOf(base.sheets));
    const how = between(rnd, 0, 2);
    if (how === 0) return flipBytes(rnd, csv);
    if (how === 1) return truncate(rnd, csv);
    return Buffer.from(mutateText(rnd, csv.toString('utf8'), CSV_SPLINTERS));
  }
  const parts = workbookParts(base.sheets);
  const how = between(rnd, 0, 2);
  if (how === 0) return flipBytes(rnd, zipOf(parts));
  if (how === 1) return truncate(rnd, zipOf(parts));
  const part = pick(rnd, [...parts.keys()]);
  let xml = parts.get(part)!;
  for (let n = between(rnd, 1, 3); n > 0; n -= 1) xml = mutateText(rnd, xml, SPLINTERS);
  return zipOf(new Map(parts).set(part, xml));
}

/**
 * Valid files mutated at random (byte flips, truncation, XML and CSV edits) for a bounded time, sent to
 * each upload: like the corpus (hostile-input.spec.ts), never a 5xx, a clear 4xx or a parse, and nothing
 * half-written.
 */
describe('fuzzed uploads', () => {
  let api: TestApi;
  let targets: UploadTarget[];

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    api = await createTestApi();
    targets = await createUploadTargets(api);
  });
  afterAll(() => api?.close());

  for (const [target, form] of [
    ['returns', 'xlsx'],
    ['returns', 'csv'],
    ['catalogue', 'xlsx'],
    ['fingertips', 'csv'],
    ['dfe', 'csv'],
  ] as const) {
    it(`${target} (${form}): answers every mutant clearly and writes nothing for a refused one`, async () => {
      const sut = targets.find((t) => t.base.target === target)!;
      const rnd = random(SEED + target.length * 31 + form.length);
      const deadline = performance.now() + SECONDS * 1000;
      let count = 0;
      const statuses = new Map<number, number>();
      while (performance.now() < deadline) {
        count += 1;
        const fileName = `fuzz-${count}.${form}`;
        const before = await tableCounts(api);
        const response = await sut.upload(fileName, mutant(rnd, sut.base, form));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expectClearAnswer(response, fileName);
        if (response.status >= 400) expectNothingWritten(before, await tableCounts(api), response, fileName);
      }
      console.log(`${target} ${form}: ${count} mutants, ${JSON.stringify(Object.fromEntries(statuses))}`);
    });
  }
});
