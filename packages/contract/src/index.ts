export * from './common.ts';
export * from './openapi.ts';
export * from './transactions.ts';
