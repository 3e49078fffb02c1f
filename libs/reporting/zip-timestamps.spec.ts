import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pinZipTimestamps } from './zip-timestamps.js';

async function smallWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet').getCell('A1').value = 'x';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** DOS time and date of every local header, found by walking the central directory's offsets. */
function stamps(zip: Buffer): { time: number; date: number }[] {
  const out: { time: number; date: number }[] = [];
  for (let at = 0; at + 4 <= zip.length; at++) {
    if (zip.readUInt32LE(at) === 0x04034b50)
      out.push({ time: zip.readUInt16LE(at + 10), date: zip.readUInt16LE(at + 12) });
  }
  return out;
}

describe(pinZipTimestamps.name, () => {
  it('sets every entry to the given instant and leaves a readable workbook', async () => {
    const sut = pinZipTimestamps(await smallWorkbook(), new Date('2024-10-28T09:30:14Z'));

    const expected = { time: (9 << 11) | (30 << 5) | 7, date: ((2024 - 1980) << 9) | (10 << 5) | 28 };
    const found = stamps(sut);
    expect(found.length).toBeGreaterThan(3);
    expect(found.every((s) => s.time === expected.time && s.date === expected.date)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sut as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Sheet')!.getCell('A1').value).toBe('x');
  });

  it('rejects bytes that are not a zip', () => {
    expect(() => pinZipTimestamps(Buffer.alloc(100), new Date())).toThrow(RangeError);
  });
});
