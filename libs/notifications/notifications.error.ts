import { DomainError, ErrorKind } from '../common/index.js';

export enum NotificationsErrorCode {
  Invalid = 'NOTIFICATIONS.INVALID',
  Forbidden = 'NOTIFICATIONS.FORBIDDEN',
}

const KIND: Record<NotificationsErrorCode, ErrorKind> = {
  [NotificationsErrorCode.Invalid]: 'invalid',
  [NotificationsErrorCode.Forbidden]: 'forbidden',
};

export class NotificationsError extends DomainError {
  constructor(code: NotificationsErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
