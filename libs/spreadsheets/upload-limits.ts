/**
 * How much an upload may hold. Every check is made before or while reading, so a hostile file is
 * refused after reading at most these amounts.
 */
export interface UploadLimits {
  /** Size of the file as uploaded. */
  readonly maxBytes: number;
  /** Sum of the uncompressed sizes an .xlsx declares for its parts. */
  readonly maxUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed ratio of one part bigger than `ratioCheckFromBytes`. */
  readonly maxCompressionRatio: number;
  readonly ratioCheckFromBytes: number;
  /** Parts in the zip (an Excel workbook of 35 sheets has about 80). */
  readonly maxZipEntries: number;
  readonly maxSheets: number;
  /** Rows read, over every sheet. */
  readonly maxRows: number;
  /** Non-empty cells read, over every sheet. */
  readonly maxCells: number;
}

/**
 * Generous enough for a 300,000-row return (an 11.7 MB xlsx inflates to roughly 100 MB of XML);
 * sheet XML from Excel compresses 10–30×, so 200× is a bomb, not a spreadsheet.
 */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 1024 * 1024,
  maxZipEntries: 2_000,
  maxSheets: 200,
  maxRows: 1_000_000,
  maxCells: 20_000_000,
};

export function uploadLimits(overrides: Partial<UploadLimits> = {}): UploadLimits {
  return { ...DEFAULT_UPLOAD_LIMITS, ...overrides };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
