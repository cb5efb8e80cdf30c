import type { Db } from '../knex';

export interface AuditEvent {
  id: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
  at: Date;
}

interface AuditRow {
  id: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

const columns = ['id', 'actor_id', 'action', 'entity_type', 'entity_id', 'details', 'at'];

const toEvent = (row: AuditRow): AuditEvent => ({
  id: Number(row.id),
  actorId: row.actor_id,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  details: row.details,
  at: row.at,
});

export const auditRepository = {
  async record(db: Db, event: { actorId: number | null; action: string; entityType: string; entityId?: string | number | null; details?: Record<string, unknown>; at: Date }): Promise<void> {
    await db('audit_events').insert({
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId == null ? null : String(event.entityId),
      details: JSON.stringify(event.details ?? {}),
      at: event.at,
    });
  },

  /** Deletes what this actor did to entities of these types (their personal data goes with their account). */
  async removeByActor(db: Db, actorId: number, entityTypes: readonly string[]): Promise<void> {
    await db('audit_events').where('actor_id', actorId).whereIn('entity_type', entityTypes).delete();
  },

  async latest(db: Db, limit: number): Promise<AuditEvent[]> {
    const rows: AuditRow[] = await db('audit_events').select(columns).orderBy('id', 'desc').limit(limit);
    return rows.map(toEvent);
  },

  /** The confirmation history of a portfolio, newest first: events of these requests, and sign-off events of these records. */
  async confirmationHistory(db: Db, requestIds: number[], supervisionIds: number[], limit: number): Promise<AuditEvent[]> {
    const rows: AuditRow[] = await db('audit_events')
      .select(columns)
      .where((query) => query.where('entity_type', 'signoff_request').whereIn('entity_id', requestIds.map(String)))
      .orWhere((query) => query.where('entity_type', 'supervision').whereIn('entity_id', supervisionIds.map(String)).where('action', 'like', 'signoff.%'))
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toEvent);
  },
};
