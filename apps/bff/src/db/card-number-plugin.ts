import { randomBytes } from 'node:crypto';
import { maskCardNumbersDeep, maskStoredText } from '@paydesk/domain';
import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';

/** Masks card numbers in every value written: strings, and the strings and numbers inside JSON. */
function scrub(value: unknown): unknown {
  if (typeof value === 'string') return maskStoredText(value);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return maskCardNumbersDeep(value);
  }
  return value;
}

class ScrubValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = scrub(node.value);
    return value === node.value ? super.transformValue(node) : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(scrub) };
  }
}

/**
 * The one place card numbers are kept out of the database (product.md: not in a table, whoever wrote the
 * text — gateway, storefront or staff): every value of every INSERT and UPDATE passes the same mask before
 * PostgreSQL sees it, whatever the table or column (notes, names, messages, URLs, jsonb parameters).
 * Reads are not changed.
 */
export class CardNumberScrubPlugin implements KyselyPlugin {
  readonly #transformer = new ScrubValues();

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'InsertQueryNode' && node.kind !== 'UpdateQueryNode') return node;
    return this.#transformer.transformNode(node);
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

/**
 * A random token to store and look up again (a claim on an Idempotency-Key, a worker's job leases): 32 hex
 * characters after `prefix-`, one word the scrub above never changes (it reads digits only between word
 * boundaries, and at most 19 of them). A UUID is no such token: its digit groups read as a card number about
 * once in 7,600, and one stored by raw SQL (which the scrub does not see) then never matched itself in a
 * query builder's UPDATE (whose WHERE the scrub masks).
 */
export function randomToken(prefix?: string): string {
  const hex = randomBytes(16).toString('hex');
  return prefix === undefined ? hex : `${prefix}-${hex}`;
}
