/**
 * What a workflow (a use case that writes several records, often in several documents) reports
 * having written, so the caller can record it in the audit trail: ids and field names only.
 */
import type { AuditEntity } from '../audit/audit-chain.ts';

export type WorkflowChange = {
  action: 'create' | 'update';
  entity: AuditEntity;
  entityId: string;
  fields?: string[];
};
