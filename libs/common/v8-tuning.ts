import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring, for the API, the worker and the benchmarks that stand in
 * for them. Call it first thing in an entry point.
 *
 * Pretenuring watches the first scavenges and, for an allocation site whose objects mostly survive,
 * allocates the rest of them straight in the old generation. Streaming a large workbook trips it at
 * random: in about half the runs exceljs's per-row objects are pretenured, the old generation fills
 * with short-lived garbage and GC time doubles. Measured on 300,000 rows: the parse took 3.3 s or
 * 3.8 s (GC 210 or 500 ms) at random, and 3.4 s every time with pretenuring off; the whole returns
 * job 4.8–6.0 s, and 4.9–5.2 s with it off. The exceptions rebuild and the board scorecard took the
 * same time either way (bench:exceptions, bench:reports).
 */
export function disableAllocationSitePretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
