export * from './access.error.js';
export * from './access.module.js';
export * from './access.service.js';
export * from './actor.js';
export * from './permissions.js';
export { generatePassword, tokenKind } from './secret-token.js';
export * from './people.js';
export * from './disclosure.js';
