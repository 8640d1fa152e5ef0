// The audit log in Azure Table Storage: append-only (create-only inserts; nothing here updates or
// deletes), and readable by time range, by request and by person without scanning the whole log,
// which only ever grows.
//
// Layout: each entry is written as identical copies under one RowKey into the partitions it is
// found by: `time|YYYY-MM` (month of the entry), `request|<id>` and `user|<id>` for its actor and its
// target. Every listing is then a read of one partition (or a month range), already in RowKey order.
// RowKey = `<at>|<sequence><random>`: time-sortable (at is fixed-width ISO), unique without
// coordination, and in append order for entries of the same millisecond from one instance.
//
// The copies cannot be one transaction (Table transactions stay within a partition). They are
// written together and append() fails if any of them failed, so the caller learns of it; an entry
// may then be missing from some views.
import { randomBytes } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { AuditEntry, AuditLog } from '../app/kernel/ports';
import { type AuditColumns, auditUsers, fromAuditColumns, toAuditColumns } from './audit-rows';
import { type OnCorrupt, reportCorrupt } from './corrupt-rows';
import { encodeKey } from './keys';
import { compareText } from './request-rows';
import type { Row, TableAccess } from './table-client';
import { statusOf } from './table-errors';

const timePartition = (at: string) => `time|${at.slice(0, 7)}`;
const requestPartition = (id: string) => `request|${encodeKey(id)}`;
const userPartition = (id: string) => `user|${encodeKey(id)}`;

export class TableAuditLog implements AuditLog {
  /** Orders same-millisecond entries of this instance; the random part keeps instances apart. */
  private sequence = 0;

  constructor(
    private readonly table: TableAccess,
    private readonly onCorrupt?: OnCorrupt,
  ) {}

  private rowKey(at: string): string {
    this.sequence += 1;
    return `${at}|${this.sequence.toString(36).padStart(8, '0')}${randomBytes(4).toString('hex')}`;
  }

  private partitionsOf(columns: AuditColumns): string[] {
    const partitions = [timePartition(columns.at)];
    if (columns.requestId) partitions.push(requestPartition(columns.requestId));
    for (const user of auditUsers(columns)) partitions.push(userPartition(user));
    return partitions;
  }

  async append(entry: AuditEntry): Promise<void> {
    const columns = toAuditColumns(entry);
    const rowKey = this.rowKey(columns.at);
    const writes = await Promise.allSettled(
      this.partitionsOf(columns).map((partitionKey) =>
        this.table.bounded('operation', (options) => this.table.client.createEntity({ partitionKey, rowKey, ...columns }, options)),
      ),
    );
    // 409 on a key only this call made means a retried insert whose first attempt landed: written.
    const failed = writes.find((w): w is PromiseRejectedResult => w.status === 'rejected' && statusOf(w.reason) !== 409);
    if (failed) throw this.table.fail(failed.reason, `append audit entry ${columns.action} at ${columns.at}`);
  }

  private async list(filter: string, what: string): Promise<AuditEntry[]> {
    const rows = await this.table.query(filter, what);
    rows.sort((a: Row, b: Row) => compareText(a.rowKey ?? '', b.rowKey ?? ''));
    const out: AuditEntry[] = [];
    for (const row of rows) {
      const read = fromAuditColumns(row);
      if (read.ok) out.push(read.entry);
      else reportCorrupt(this.onCorrupt, { store: 'audit', key: row.rowKey ?? '', reason: read.reason });
    }
    return out;
  }

  listByRequest(requestId: string): Promise<AuditEntry[]> {
    return this.list(odata`PartitionKey eq ${requestPartition(requestId)}`, `list the audit of request ${requestId}`);
  }

  listByUser(userId: string): Promise<AuditEntry[]> {
    return this.list(odata`PartitionKey eq ${userPartition(userId)}`, `list the audit of user ${userId}`);
  }

  listRange(from: string, to: string): Promise<AuditEntry[]> {
    // Month partitions bound the read; the RowKey starts with `at`, so it bounds it within a month.
    // (Truncating text keeps its order, so every entry in [from, to) is inside these bounds.)
    const filter = [
      odata`PartitionKey ge ${timePartition(from)}`,
      odata`PartitionKey le ${timePartition(to)}`,
      odata`RowKey ge ${from}`,
      odata`at ge ${from}`,
      odata`at lt ${to}`,
    ].join(' and ');
    return this.list(filter, `list the audit from ${from} to ${to}`);
  }
}
