import { createHash, randomBytes, randomInt } from 'node:crypto';
import { formatAmount, Money, MoneyError, newPaymentIdentifier } from '@paydesk/domain';
import { transactionInput, type TransactionInput } from '@paydesk/contract';
import { callbackUrlProblem } from '../callbacks/callback-url.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, invalidArgument } from '../http/errors.ts';
import { checkIdempotencyKey } from '../http/idempotency.ts';
import { fieldErrors } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { processPayment } from '../payments/process-payment.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { cardBrand, cardExpired } from './card.ts';
import { transactionUri } from './transaction.wire.ts';
import {
  findActiveProduct,
  findIntakeMethod,
  findTransactionByExternalId,
  findTransactionByIdempotencyKey,
  findTransactionByToken,
  insertIntake,
  type TransactionWithPayment,
} from './transactions.repository.ts';

/** Payment method types by pay_method; of the card ones, `stripe` takes tokens and the others test card numbers. */
const INTAKE_METHOD_TYPES = { CARD: ['bogus', 'sandbox', 'stripe'], OPERATOR: ['carrier'] } as const;
const TOKEN_METHOD_TYPES: readonly string[] = ['stripe'];

/** The request without the card's secrets: what identifies a duplicate, safe to hash and keep. */
function requestHash(input: TransactionInput): string {
  const { card, payment_token, ...rest } = input;
  const safe = {
    ...rest,
    // Hashed, never kept: a token is used once, so a replay with the same one is the same request.
    payment_token: payment_token ?? null,
    card: card ? { last4: card.number.slice(-4), exp_month: card.exp_month, exp_year: card.exp_year } : null,
  };
  return createHash('sha256')
    .update(JSON.stringify(safe, Object.keys(safe).sort()))
    .digest('hex');
}

/** Validation of everything a storefront sends; every problem named by its field (api.md's format). */
async function validate(deps: CommandDeps, body: unknown) {
  const parsed = transactionInput.safeParse(body ?? {});
  if (!parsed.success) throw invalidArgument(fieldErrors(parsed.error));
  const input = parsed.data;
  const problems: Record<string, string> = {};
  const product = await findActiveProduct(deps.db, input.product_id);
  if (!product) problems.product_id = 'No such product on sale.';
  let price: Money | undefined;
  try {
    price = Money.of(input.price, input.currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    problems.price = error.message;
  }
  if (product && price) {
    if (product.currency !== input.currency) problems.currency = `The product is sold in ${product.currency}.`;
    else if (!price.eq(Money.of(formatAmount(product.price, product.currency), product.currency))) {
      problems.price = `The product costs ${formatAmount(product.price, product.currency)} ${product.currency}.`;
    }
  }
  const method = await findIntakeMethod(
    deps.db,
    [...INTAKE_METHOD_TYPES[input.pay_method]],
    input.payment_method_id ??
      (input.pay_method === 'CARD' ? await getSetting(deps.db, 'store_default_payment_method_for_cards') : null),
  );
  if (!method && input.payment_method_id !== undefined)
    problems.payment_method_id = `No active payment method available to users takes ${input.pay_method} payments with this id.`;
  else if (!method) problems.pay_method = `No active payment method takes ${input.pay_method} payments.`;
  const takesToken = method !== undefined && TOKEN_METHOD_TYPES.includes(method.type);
  if (input.pay_method === 'OPERATOR') {
    if (input.card) problems.card = 'Only CARD payments carry a card.';
    if (input.payment_token) problems.payment_token = 'Only CARD payments carry a payment token.';
  } else if (takesToken) {
    // A real gateway: the card number stays between the buyer's browser and the gateway.
    if (input.card) problems.card = 'This payment method takes a payment_token made by Stripe.js, never a card number.';
    else if (!input.payment_token) problems.payment_token = 'This field is required for this payment method.';
  } else if (method) {
    if (input.payment_token) problems.payment_token = 'This payment method takes a card, not a payment token.';
    else if (!input.card) problems.card = 'This field is required for CARD payments.';
  }
  if (input.card && cardExpired(input.card)) problems['card.exp_year'] = 'The card has expired.';
  // Host names are resolved (and checked) at each delivery: DNS answers change.
  const urlProblem = await callbackUrlProblem(
    input.callback_url,
    await getSetting(deps.db, 'callbacks_allow_private_addresses'),
    false,
  );
  if (urlProblem) problems.callback_url = urlProblem;
  if (Object.keys(problems).length > 0) throw invalidArgument(problems);
  // A method its gateway cannot use (a carrier method without its operator's URL or keys) refuses here, 409,
  // before an order or a payment is written.
  deps.gateways.forMethod(method!);
  return { input, product: product!, price: price!, method: method! };
}

/**
 * POST /api/v1/transactions: validate, write the order, the payment and the transaction, then process the
 * payment as its method says (purchase when it auto-captures, authorize otherwise) with no transaction
 * open during the gateway call. The card is used for that call only: brand, last four and expiry are kept.
 */
export async function createTransaction(
  deps: CommandDeps,
  apiKey: ApiKeyRow,
  body: unknown,
  idempotencyKey: string | undefined,
  attempt = 1,
): Promise<{ transaction: TransactionWithPayment; replayed: boolean }> {
  if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
  const { input, product, method } = await validate(deps, body);
  const hash = requestHash(input);
  // The only conflicts: a key reused for another request, and a storefront reference used twice. Both are
  // unique indexes too, so that requests arriving together cannot both pass these checks and both insert.
  if (idempotencyKey) {
    const earlier = await findTransactionByIdempotencyKey(deps.db, apiKey.id, idempotencyKey);
    if (earlier && earlier.request_hash === hash) return { transaction: earlier, replayed: true };
    if (earlier)
      throw new AppError('IdempotencyKeyReused', 'This Idempotency-Key was already used for a different transaction.');
  }
  if (input.external_id) {
    const existing = await findTransactionByExternalId(deps.db, apiKey.id, input.external_id);
    if (existing) {
      throw new AppError(
        'Conflict',
        `external_id "${input.external_id}" is already the reference of transaction ${existing.id} (${transactionUri(existing.id)}).`,
      );
    }
  }

  const token = randomBytes(32).toString('hex');
  const orderNumber = `R${String(randomInt(100_000_000, 1_000_000_000))}`;
  // The operator bills when the buyer confirms: a carrier charge is always a purchase.
  const autoCapture =
    method.type === 'carrier' || (method.auto_capture ?? (await getSetting(deps.db, 'store_default_auto_capture')));
  const card = input.card;
  let ids: { orderId: number; paymentId: number; transactionId: number };
  try {
    ids = await deps.db.transaction().execute((tx) =>
      insertIntake(
        tx,
        { number: orderNumber, email: input.email ?? '', currency: input.currency, total: product.price },
        {
          identifier: newPaymentIdentifier(),
          payment_method_id: method.id,
          description: product.name,
          status: 'waiting',
          currency: input.currency,
          total: product.price,
          billing_email: input.email ?? '',
          card_brand: card ? cardBrand(card.number) : null,
          card_last4: card ? card.number.slice(-4) : null,
          card_exp_month: card?.exp_month ?? null,
          card_exp_year: card?.exp_year ?? null,
          extra_data: JSON.stringify({ carrier: input.carrier, region: input.region, pay_method: input.pay_method }),
        },
        {
          token,
          api_key_id: apiKey.id,
          product_id: product.id,
          price: product.price,
          currency: input.currency,
          pay_method: input.pay_method,
          carrier: input.carrier,
          region: input.region,
          callback_url: input.callback_url,
          request_hash: hash,
          idempotency_key: idempotencyKey ?? null,
          external_id: input.external_id ?? null,
        },
      ),
    );
  } catch (error) {
    // Two requests with one key or one reference at once: the unique index let one in; the others, run
    // again, find it (a replay, or a 409).
    if (isUniqueViolation(error) && attempt < 3)
      return createTransaction(deps, apiKey, body, idempotencyKey, attempt + 1);
    throw error;
  }

  await processPayment(
    deps,
    ids.paymentId,
    autoCapture,
    card
      ? {
          number: card.number,
          month: card.exp_month,
          year: card.exp_year,
          verification_value: card.cvv,
          name: card.name,
        }
      : input.payment_token
        ? { token: input.payment_token }
        : undefined,
  );
  const transaction = await findTransactionByToken(deps.db, apiKey.id, token);
  return { transaction: transaction!, replayed: false };
}
