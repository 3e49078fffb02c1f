import { DomainError, ErrorKind } from '../common/index.js';

export enum WorkflowErrorCode {
  NotFound = 'WORKFLOW.NOT_FOUND',
  Forbidden = 'WORKFLOW.FORBIDDEN',
  NotAwaitingSignOff = 'WORKFLOW.NOT_AWAITING_SIGN_OFF',
  ReasonRequired = 'WORKFLOW.REASON_REQUIRED',
}

const KIND: Record<WorkflowErrorCode, ErrorKind> = {
  [WorkflowErrorCode.NotFound]: 'not_found',
  [WorkflowErrorCode.Forbidden]: 'forbidden',
  [WorkflowErrorCode.NotAwaitingSignOff]: 'conflict',
  [WorkflowErrorCode.ReasonRequired]: 'invalid',
};

export class WorkflowError extends DomainError {
  constructor(code: WorkflowErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
