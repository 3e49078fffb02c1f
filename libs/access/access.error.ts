import { DomainError, ErrorKind } from '../common/index.js';

export enum AccessErrorCode {
  Unauthenticated = 'AUTH.UNAUTHENTICATED',
  SignInFailed = 'AUTH.SIGN_IN_FAILED',
  Forbidden = 'AUTH.FORBIDDEN',
  OutOfScope = 'AUTH.OUT_OF_SCOPE',
  UserNotFound = 'ACCESS.USER_NOT_FOUND',
  TokenNotFound = 'ACCESS.TOKEN_NOT_FOUND',
  DuplicateEmail = 'ACCESS.DUPLICATE_EMAIL',
  WeakPassword = 'ACCESS.WEAK_PASSWORD',
  InvalidScope = 'ACCESS.INVALID_SCOPE',
}

const KIND: Record<AccessErrorCode, ErrorKind> = {
  [AccessErrorCode.Unauthenticated]: 'unauthenticated',
  [AccessErrorCode.SignInFailed]: 'unauthenticated',
  [AccessErrorCode.Forbidden]: 'forbidden',
  [AccessErrorCode.OutOfScope]: 'forbidden',
  [AccessErrorCode.UserNotFound]: 'not_found',
  [AccessErrorCode.TokenNotFound]: 'not_found',
  [AccessErrorCode.DuplicateEmail]: 'conflict',
  [AccessErrorCode.WeakPassword]: 'invalid',
  [AccessErrorCode.InvalidScope]: 'invalid',
};

// 401 and 403 bodies say nothing about which part failed, so they leak nothing.
const MESSAGE: Partial<Record<AccessErrorCode, string>> = {
  [AccessErrorCode.Unauthenticated]: 'Sign in to continue.',
  [AccessErrorCode.SignInFailed]:
    'The email or password is not right, or the account is locked for a while after repeated failures.',
  [AccessErrorCode.Forbidden]: 'Your role does not allow this.',
  [AccessErrorCode.OutOfScope]: 'This belongs to a group you do not act for.',
};

export class AccessError extends DomainError {
  constructor(code: AccessErrorCode, message?: string) {
    super(code, KIND[code], message ?? MESSAGE[code] ?? code);
  }
}
