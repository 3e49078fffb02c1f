import { describe, expect, it } from 'vitest';
import { parseReturnJobId, returnJobId } from './queue.constants.js';

describe(parseReturnJobId.name, () => {
  const groupId = '0b7a4a4e-5a3c-4d3e-9f0a-8d1c2b3a4f5e';
  const sha256 = 'a'.repeat(64);

  it('reads back what returnJobId builds', () => {
    const id = returnJobId(groupId, { type: 'quarter', start: '2025-07-01' }, sha256);

    expect(parseReturnJobId(id)).toEqual({ groupId, period: { type: 'quarter', start: '2025-07-01' }, sha256 });
  });

  it('refuses anything else', () => {
    expect(parseReturnJobId(`return.${groupId}.quarter.2025-07-01.${'a'.repeat(63)}`)).toBeNull();
    expect(parseReturnJobId(`report.${groupId}.quarter.2025-07-01.${sha256}`)).toBeNull();
    expect(parseReturnJobId('return.not-a-group.quarter.2025-07-01')).toBeNull();
  });
});
