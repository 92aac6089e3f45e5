import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_CSV_COLUMNS } from '../src/audit-events/audit-events.routes.ts';
import type { PaymentMethodRow, StaffUserRow } from '../src/db/schema.ts';
import { parseListQuery } from '../src/http/list-query.ts';
import { PAYMENT_CSV_COLUMNS } from '../src/payments/payment.wire.ts';
import { paymentListSpec, paymentsInChunks } from '../src/payments/payments.repository.ts';
import { csvRecords, parseCsv } from './csv.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { createStaff, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** Small chunks, so that a handful of rows already crosses several chunk boundaries. */
const CHUNK = 3;
const CARD = '4111111111111111';

type ListParams = { sort?: [string, string]; filter?: Record<string, unknown> };

function exportPath(resource: string, params: ListParams = {}): string {
  const search = new URLSearchParams();
  if (params.sort) search.set('sort', JSON.stringify(params.sort));
  if (params.filter) search.set('filter', JSON.stringify(params.filter));
  const query = search.toString();
  return `/api/${resource}/export.csv${query ? `?${query}` : ''}`;
}

async function exportCsv(client: ApiClient, resource: string, params: ListParams = {}) {
  const response = await client.get(exportPath(resource, params));
  expect(response.status).toBe(200);
  const text = String(response.body);
  return { ...response, text, records: csvRecords(text), header: parseCsv(text)[0] };
}

describe(`GET /api/<resource>/export.csv (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let viewer: ApiClient;
  let adminUser: StaffUserRow;
  let card: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp({ exportChunkSize: CHUNK });
    admin = await app.signedIn('admin');
    viewer = await app.signedIn('viewer');
    adminUser = await createStaff(app.db, 'admin');
    card = await givenPaymentMethod(app.db, { name: 'Credit card' });
  });
  afterAll(() => app.close());

  describe('payments', () => {
    it('sends every payment the list filter matches, in the list sort, across chunks, amounts as decimal strings', async () => {
      const given = [
        { total: '120.00', status: 'preauth' },
        { total: '120.00', status: 'confirmed' },
        { total: '15.50', status: 'preauth' },
        { total: '120.00', status: 'preauth' },
        { total: '999.99', status: 'confirmed' },
        { total: '120.00', status: 'confirmed' },
        { total: '0.99', status: 'preauth' },
        { total: '120.00', status: 'rejected' },
      ] as const;
      const made = [];
      for (const g of given) {
        made.push(
          (await givenPayment(app.db, card, { ...g, billing_email: 'sorted@example.test', currency: 'USD' })).payment,
        );
      }
      const yen = (
        await givenPayment(app.db, card, { total: '500', currency: 'JPY', billing_email: 'sorted@example.test' })
      ).payment;
      const filter = { q: 'sorted@', status: ['preauth', 'confirmed'], currency: 'USD' };

      const csv = await exportCsv(viewer, 'payments', { filter, sort: ['total', 'ASC'] });
      expect(csv.header).toEqual(Object.keys(PAYMENT_CSV_COLUMNS));
      const expected = made
        .filter((p) => p.status !== 'rejected')
        .sort((a, b) => Number(a.total) - Number(b.total) || a.id - b.id);
      expect(csv.records.map((r) => Number(r.id))).toEqual(expected.map((p) => p.id));
      expect(csv.records.map((r) => r.total)).toEqual([
        '0.99',
        '15.50',
        '120.00',
        '120.00',
        '120.00',
        '120.00',
        '999.99',
      ]);
      expect(csv.records[0]).toMatchObject({ currency: 'USD', captured_amount: '0.00', refunded_amount: '0.00' });
      expect(csv.records[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

      // The same as the list, page for page.
      const list = await viewer.list('payments', { filter, sort: ['total', 'ASC'], range: [0, 99] });
      expect(csv.records.map((r) => Number(r.id))).toEqual(list.body.map((p: { id: number }) => p.id));

      const descending = await exportCsv(viewer, 'payments', { filter: { q: 'sorted@' }, sort: ['total', 'DESC'] });
      expect(descending.records.map((r) => r.total)[0]).toBe('999.99');
      expect(descending.records).toHaveLength(9);
      expect(descending.records.find((r) => Number(r.id) === yen.id)).toMatchObject({ currency: 'JPY', total: '500' });
    });

    it('keeps NULL sort keys where PostgreSQL sorts them, and timestamps to the microsecond', async () => {
      const scores = [20, null, 10, null, 20, 30, null];
      const made: { id: number; score: number | null }[] = [];
      for (const score of scores) {
        const { payment } = await givenPayment(app.db, card, { currency: 'CHF' });
        await app.db.updateTable('payments').set({ risk_score: score }).where('id', '=', payment.id).execute();
        made.push({ id: payment.id, score });
      }
      const byScore = (a: (typeof made)[number], b: (typeof made)[number]): number =>
        a.score === b.score ? a.id - b.id : a.score === null ? 1 : b.score === null ? -1 : a.score - b.score;
      const ascending = await exportCsv(admin, 'payments', {
        filter: { currency: 'CHF' },
        sort: ['risk_score', 'ASC'],
      });
      expect(ascending.records.map((r) => Number(r.id))).toEqual([...made].sort(byScore).map((p) => p.id));
      expect(ascending.records.map((r) => r.risk_score)).toEqual(['10', '20', '20', '30', '', '', '']);
      const descending = await exportCsv(admin, 'payments', {
        filter: { currency: 'CHF' },
        sort: ['risk_score', 'DESC'],
      });
      expect(descending.records.map((r) => Number(r.id))).toEqual(
        [...made]
          .sort(byScore)
          .reverse()
          .map((p) => p.id),
      );

      // Every chunk size, so that a chunk ends at each place: inside the values, at their last, inside the NULLs.
      for (const order of ['ASC', 'DESC'] as const) {
        const query = parseListQuery(paymentListSpec, {
          filter: '{"currency":"CHF"}',
          sort: JSON.stringify(['risk_score', order]),
        });
        const expected = [...made].sort(byScore).map((p) => p.id);
        for (let size = 1; size <= made.length + 1; size += 1) {
          const ids: number[] = [];
          for await (const chunk of paymentsInChunks(app.db, query, size)) ids.push(...chunk.map((p) => p.id));
          expect(ids, `${order}, chunks of ${size}`).toEqual(order === 'ASC' ? expected : [...expected].reverse());
        }
      }

      // Several payments inside one millisecond: a JavaScript Date would lose their order.
      const micros = ['.123456', '.123999', '.123001', '.123456', '.123457', '.124000', '.123456'];
      const timed = [];
      for (const fraction of micros) {
        const { payment } = await givenPayment(app.db, card, { currency: 'SEK' });
        await sql`update payments set created_at = ${`2026-11-01 10:00:00${fraction}+00`}::timestamptz where id = ${payment.id}`.execute(
          app.db,
        );
        timed.push({ id: payment.id, fraction });
      }
      const newestFirst = [...timed].sort((a, b) =>
        a.fraction === b.fraction ? b.id - a.id : a.fraction < b.fraction ? 1 : -1,
      );
      const csv = await exportCsv(admin, 'payments', { filter: { currency: 'SEK' }, sort: ['created_at', 'DESC'] });
      expect(csv.records.map((r) => Number(r.id))).toEqual(newestFirst.map((p) => p.id));
      expect(csv.records[0]!.created_at).toBe('2026-11-01T10:00:00.124Z');
    });

    it('neutralises formulas in text cells, masks card numbers, and leaves amounts as numbers', async () => {
      const { payment } = await givenPayment(app.db, card, { currency: 'NOK', total: '10.00' });
      // Straight to the table, as an older version might have left them (the database plugin masks what Paydesk writes).
      await sql`update payments set
          billing_first_name = ${'=HYPERLINK("http://evil.test","x")'},
          billing_last_name = ${'@SUM(A1:A9)'},
          fraud_message = ${'+1 555 0100'},
          transaction_id = ${'-2+3'},
          description = ${'\tTab'},
          message = ${`Card ${CARD} declined`}
        where id = ${payment.id}`.execute(app.db);
      const csv = await exportCsv(admin, 'payments', { filter: { id: payment.id } });
      const [row] = csv.records;
      expect(row).toMatchObject({
        billing_first_name: `'=HYPERLINK("http://evil.test","x")`,
        billing_last_name: "'@SUM(A1:A9)",
        fraud_message: "'+1 555 0100",
        transaction_id: "'-2+3",
        total: '10.00',
      });
      expect(row!.message).toBe('Card [card ****1111] declined');
      expect(csv.text).not.toContain(CARD);
      expect(csv.text).not.toContain('41111111');
    });

    it('answers as a CSV attachment, and audits the export with its filter, sort and row count', async () => {
      const { payment } = await givenPayment(app.db, card, { currency: 'DKK' });
      const filter = { currency: 'DKK' };
      const response = await exportCsv(admin, 'payments', { filter, sort: ['id', 'ASC'] });
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="payments-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      expect(response.records.map((r) => Number(r.id))).toEqual([payment.id]);
      const audit = await app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'payments.export')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ resource: 'payments', outcome: 'succeeded' });
      expect(JSON.parse(audit.note!)).toEqual({ filter: JSON.stringify(filter), sort: '["id","ASC"]', rows: 1 });
    });

    it('sends the header row alone when nothing matches', async () => {
      const csv = await exportCsv(viewer, 'payments', { filter: { currency: 'XAU' } });
      expect(csv.text).toBe(`${Object.keys(PAYMENT_CSV_COLUMNS).join(',')}\n`);
      expect(csv.records).toEqual([]);
    });

    it('refuses what the list refuses: no session, an unknown filter or sort', async () => {
      expect((await app.client().get(exportPath('payments'))).status).toBe(401);
      const badFilter = await viewer.get(exportPath('payments', { filter: { nope: 1 } }));
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.code).toBe('InvalidArgument');
      expect((await viewer.get(exportPath('payments', { sort: ['billing_city', 'ASC'] }))).status).toBe(400);
    });
  });

  describe('orders, refunds, log entries, fraud decisions', () => {
    it('exports orders with the list filter and sort', async () => {
      const made = [];
      for (const total of ['30.00', '10.00', '20.00', '40.00', '10.00']) {
        made.push(
          (await givenPayment(app.db, card, { total, currency: 'PLN', billing_email: 'orders@export.test' })).order,
        );
      }
      const csv = await exportCsv(viewer, 'orders', { filter: { q: 'orders@export' }, sort: ['total', 'DESC'] });
      expect(csv.records.map((r) => Number(r.id))).toEqual(
        [...made].sort((a, b) => Number(b.total) - Number(a.total) || b.id - a.id).map((o) => o.id),
      );
      expect(csv.records[0]).toMatchObject({
        currency: 'PLN',
        total: '40.00',
        state: 'complete',
        email: 'orders@export.test',
      });
    });

    it('exports refunds: amounts in their currency, notes neutralised', async () => {
      const reason = await givenRefundReason(app.db, 'export_test', 'Export test');
      const { payment } = await givenPayment(app.db, card, { status: 'confirmed', total: '100', currency: 'JPY' });
      const amounts = ['5', '50', '7', '12', '1'];
      for (const amount of amounts) {
        await app.db
          .insertInto('refunds')
          .values({
            payment_id: payment.id,
            amount,
            currency: 'JPY',
            reason_id: reason.id,
            status: 'succeeded',
            note: '=1+1',
          })
          .execute();
      }
      await app.db
        .insertInto('refunds')
        .values({ payment_id: payment.id, amount: '3', currency: 'JPY', reason_id: reason.id, status: 'failed' })
        .execute();
      const csv = await exportCsv(viewer, 'refunds', {
        filter: { payment_id: payment.id, status: 'succeeded' },
        sort: ['amount', 'ASC'],
      });
      expect(csv.records.map((r) => r.amount)).toEqual(['1', '5', '7', '12', '50']);
      expect(csv.records[0]).toMatchObject({ currency: 'JPY', note: "'=1+1", status: 'succeeded' });
    });

    it('exports log entries: booleans, scrubbed params and messages', async () => {
      const { payment } = await givenPayment(app.db, card, { currency: 'EUR', total: '10.00' });
      for (let i = 0; i < 5; i += 1) {
        await sql`insert into log_entries (payment_id, payment_method_id, action, success, amount, currency, message, params)
          values (${payment.id}, ${card.id}, 'authorize', ${i !== 2}, '10', 'EUR', ${`@attempt ${i} ${CARD}`},
            ${JSON.stringify({ number: CARD, i })}::jsonb)`.execute(app.db);
      }
      const csv = await exportCsv(viewer, 'log-entries', {
        filter: { payment_id: payment.id, success: true },
        sort: ['id', 'DESC'],
      });
      expect(csv.records).toHaveLength(4);
      const ids = csv.records.map((r) => Number(r.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(csv.records[0]).toMatchObject({ success: 'true', amount: '10.00', currency: 'EUR' });
      expect(csv.records[0]!.message).toMatch(/^'@attempt 4 /);
      expect(csv.text).not.toContain(CARD);
      expect(JSON.parse(csv.records[0]!.params!)).toMatchObject({ i: 4 });
    });

    it('exports fraud decisions with the names the list shows', async () => {
      const analyst = await createStaff(app.db, 'fraud_analyst', 'analyst-export@example.test');
      const { payment } = await givenPayment(app.db, card, { currency: 'USD', total: '80.00' });
      for (const [i, decision] of (['accept', 'reject', 'accept', 'accept'] as const).entries()) {
        await app.db
          .insertInto('fraud_decisions')
          .values({
            payment_id: payment.id,
            staff_user_id: analyst.id,
            decision,
            note: `-note ${i}`,
            currency: 'USD',
            amount: decision === 'reject' ? '80' : null,
            money_action: decision === 'reject' ? 'void' : null,
          })
          .execute();
      }
      const csv = await exportCsv(viewer, 'fraud-decisions', {
        filter: { payment_id: payment.id, decision: 'accept' },
        sort: ['id', 'ASC'],
      });
      expect(csv.records.map((r) => r.note)).toEqual(["'-note 0", "'-note 2", "'-note 3"]);
      expect(csv.records[0]).toMatchObject({
        staff_name: analyst.full_name,
        payment_identifier: payment.identifier,
        amount: '',
      });
      const rejected = await exportCsv(viewer, 'fraud-decisions', {
        filter: { payment_id: payment.id, decision: 'reject' },
      });
      expect(rejected.records[0]).toMatchObject({ amount: '80.00', money_action: 'void' });
    });
  });

  describe('audit events', () => {
    it('are exported to admins only; a refused export is audited as the list is', async () => {
      for (let i = 0; i < 4; i += 1) {
        await app.db
          .insertInto('audit_events')
          .values({ staff_user_id: adminUser.id, action: 'test.exported', outcome: 'succeeded', note: `+${i}` })
          .execute();
      }
      const csv = await exportCsv(admin, 'audit-events', { filter: { action: 'test.exported' }, sort: ['id', 'ASC'] });
      expect(csv.header).toEqual(Object.keys(AUDIT_EVENT_CSV_COLUMNS));
      expect(csv.records.map((r) => r.note)).toEqual(["'+0", "'+1", "'+2", "'+3"]);

      const denied = await viewer.get(exportPath('audit-events'));
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('Forbidden');
      const refusal = await app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'audit-events.list')
        .where('outcome', '=', 'denied')
        .executeTakeFirst();
      expect(refusal).toBeDefined();
    });
  });
});
