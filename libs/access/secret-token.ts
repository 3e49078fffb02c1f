import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'session' | 'api';

const PREFIX: Readonly<Record<TokenKind, string>> = { session: 'cypp_ses_', api: 'cypp_pat_' };

/** 256 random bits; the prefix tells a leaked token's kind at a glance (and to secret scanners). */
export function generateToken(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function tokenKind(token: string): TokenKind | null {
  if (token.startsWith(PREFIX.session)) return 'session';
  if (token.startsWith(PREFIX.api)) return 'api';
  return null;
}

/** Tokens carry full entropy, so a fast hash is enough (unlike passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
