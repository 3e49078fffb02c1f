/**
 * Sets every entry's modification time in a zip (an .xlsx) to one instant.
 *
 * Why: exceljs zips through JSZip, which stamps each entry with the time of writing, so the same workbook
 * written twice differs in bytes. Reports record a checksum and "a report run twice on the same data cut
 * yields the same figures" (SPEC §5); pinning the stamps to the report's generatedAt makes the bytes stable
 * too. The stamps are outside the CRC-checked data, so rewriting them in place leaves the zip valid.
 * Layout: PKWARE APPNOTE 4.3.7 (local header) and 4.3.12 (central directory).
 */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** MS-DOS date and time fields (2-second resolution), from the UTC fields of `at`. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, at.getUTCFullYear()));
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** Rewrites the stamps in place and returns the same buffer. Throws on bytes that are not a single-disk zip. */
export function pinZipTimestamps(zip: Buffer, at: Date): Buffer {
  const { time, date } = dosDateTime(at);
  const eocd = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_HEADER)
      throw new RangeError(`zip: no central directory entry at ${offset}`);
    zip.writeUInt16LE(time, offset + 12);
    zip.writeUInt16LE(date, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new RangeError(`zip: no local header at ${local}`);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return zip;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= earliest; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new RangeError('zip: end of central directory not found');
}
