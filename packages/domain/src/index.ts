export * from './money.ts';
export * from './payment-status.ts';
export * from './payment-events.ts';
export * from './order-payment-state.ts';
export * from './identifier.ts';
export * from './card-data.ts';
export * from './permissions.ts';
export * from './spike-detector.ts';
