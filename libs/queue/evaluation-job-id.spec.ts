import { describe, expect, it } from 'vitest';
import { evaluationJobId, getJobOptions, JobName } from './queue.constants.js';

const PAYLOAD = {
  indicatorIds: ['b', 'a'],
  areaIds: ['y', 'x'],
  period: '2024-25-Q2',
  groupIds: ['g'],
  cause: 'return.r1',
};

describe(evaluationJobId.name, () => {
  it('gives the same change the same job id whatever the order of its ids', () => {
    expect(evaluationJobId({ ...PAYLOAD, indicatorIds: ['a', 'b'], areaIds: ['x', 'y'] })).toBe(
      evaluationJobId(PAYLOAD),
    );
  });

  it('gives a later change to the same scope its own job', () => {
    expect(evaluationJobId({ ...PAYLOAD, cause: 'return.r2' })).not.toBe(evaluationJobId(PAYLOAD));
  });

  it('tells a scope limited to some areas from the same scope for every area', () => {
    const { areaIds: _areaIds, ...everyArea } = PAYLOAD;

    expect(evaluationJobId(everyArea)).not.toBe(evaluationJobId(PAYLOAD));
  });

  it('makes ids BullMQ accepts (no colon)', () => {
    expect(getJobOptions(JobName.EvaluateIndicators, PAYLOAD).jobId).toMatch(/^evaluate\.[0-9a-f]{32}$/);
  });
});
