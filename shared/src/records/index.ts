export * from './file-kind.ts';
export * from './lab-order.schema.ts';
export * from './lab-orders-doc.ts';
export * from './lab-status.ts';
export * from './records-commands.ts';
export * from './lab-order-form.ts';
export * from './medical-alerts.ts';
