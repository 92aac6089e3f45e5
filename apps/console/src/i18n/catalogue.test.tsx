import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as domain from '@paydesk/domain';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { i18nProvider, listenForMissingMessages, MESSAGE_KEY } from './i18nProvider.ts';

/**
 * The message catalogue is complete: every key the console's sources name — a literal, a choice list's prefix
 * and each of its values, or a key built from a template — is a message of i18n/en.ts. (The component tests
 * also fail on any key a rendered screen asks for that the catalogue lacks: test/setup.ts.)
 */

const SRC = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** Every message of the catalogue by its dotted key; the groups (objects) apart. */
function flatten(messages: object, prefix = '', leaves = new Map<string, string>(), groups = new Set<string>()) {
  for (const [name, value] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') leaves.set(key, value);
    else if (value && typeof value === 'object') {
      groups.add(key);
      flatten(value, key, leaves, groups);
    }
  }
  return { leaves, groups };
}

const { leaves, groups } = flatten(en);
const sources = sourceFiles(SRC).map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));

/** The string values of an array constant: @paydesk/domain's, or one declared in the console's sources. */
function valuesOf(expression: string): string[] {
  const inline = expression.trim();
  if (inline.startsWith('[')) return [...inline.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const fromDomain = (domain as Record<string, unknown>)[inline];
  if (Array.isArray(fromDomain)) return fromDomain as string[];
  for (const { text } of sources) {
    const declared = text.match(new RegExp(`const ${inline} = \\[([^\\]]*)\\]`));
    if (declared) return [...declared[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  }
  throw new Error(`choicesOf(${inline}, …): cannot find the values of ${inline}`);
}

const choiceLists = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/choicesOf\(\s*([A-Z_]+|\[[^\]]*\])\s*,\s*'([^']+)'\s*\)/g)].map((m) => ({
    file,
    values: valuesOf(m[1]!),
    prefix: m[2]!,
  })),
);

describe('the message catalogue', () => {
  it('has every message key written literally in the sources', () => {
    // A choice list's prefix, a chip's labelPrefix or makeChoiceChip's prefix names a group of messages.
    const prefixes = new Set(choiceLists.map((c) => c.prefix));
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/labelPrefix="([^"]+)"|makeChoiceChip\(\s*'[^']+'\s*,\s*'([^']+)'/g))
        prefixes.add((m[1] ?? m[2])!);
      // A NoteCommandDialog's `messages` names the group of its seven messages.
      for (const m of text.matchAll(/messages="([^"]+)"/g)) {
        prefixes.add(m[1]!);
        for (const leaf of ['title', 'content', 'note', 'note_help', 'note_required', 'confirm', 'done'])
          if (!leaves.has(`${m[1]}.${leaf}`)) missing.push(`${file}: ${m[1]}.${leaf}`);
      }
    }
    for (const { file, text } of sources) {
      for (const match of text.matchAll(/(['"`])((?:paydesk|resources|ra)(?:\.[A-Za-z0-9_]+)+)\1/g)) {
        const key = match[2]!;
        if (leaves.has(key)) continue;
        if (groups.has(key) && prefixes.has(key)) continue;
        missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the label of every chip whose value is written in the sources', () => {
    const missing = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/<ValueChip value="([^"]+)" labelPrefix="([^"]+)"/g)]
        .map((m) => `${m[2]}.${m[1]}`)
        .flatMap((key) => (leaves.has(key) ? [] : [`${file}: ${key}`])),
    );
    expect(missing).toEqual([]);
  });

  it('has a label for each value of every choice list', () => {
    expect(choiceLists.length).toBeGreaterThan(10);
    const missing = choiceLists.flatMap(({ file, values, prefix }) =>
      values.map((value) => `${prefix}.${value}`).flatMap((key) => (leaves.has(key) ? [] : [`${file}: ${key}`])),
    );
    expect(missing).toEqual([]);
  });

  it('has a label for each value the server sends in a status or kind the console shows', () => {
    const groupsOf: [string, readonly string[]][] = [
      ['paydesk.payment_status', domain.PAYMENT_STATUSES],
      ['paydesk.fraud_status', domain.FRAUD_STATUSES],
      ['paydesk.order_state', domain.ORDER_STATES],
      ['paydesk.payment_state', domain.PAYMENT_STATES],
      ['paydesk.refund_status', domain.REFUND_STATUSES],
      ['paydesk.staff_role', domain.STAFF_ROLES],
      ['paydesk.gateway_action', domain.GATEWAY_ACTIONS],
      ['paydesk.payment_method_type', domain.PAYMENT_METHOD_TYPES],
    ];
    const missing = groupsOf.flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((key) => !leaves.has(key)),
    );
    expect(missing).toEqual([]);
  });

  it('has a message for at least one key of every key built from a template', () => {
    const unmatched: string[] = [];
    for (const { file, text } of sources) {
      for (const match of text.matchAll(/`((?:paydesk|resources|ra)\.[^`]*\$\{[^`]*)`/g)) {
        const template = match[1]!;
        const pattern = new RegExp(
          `^${template
            .split(/\$\{[^}]*\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[A-Za-z0-9_]+')}$`,
        );
        if (![...leaves.keys()].some((key) => pattern.test(key))) unmatched.push(`${file}: ${template}`);
      }
    }
    expect(unmatched).toEqual([]);
  });

  it('never shows a missing key raw: its last word instead, and the tests hear of it', () => {
    const heard: string[] = [];
    listenForMissingMessages((key) => heard.push(key));
    expect(i18nProvider.translate('paydesk.payment_method_type.fraud_analyst_x')).toBe('Fraud analyst x');
    expect(i18nProvider.translate('paydesk.payment_method_type.carrier')).toBe('Carrier billing (operator API)');
    // A sentence from the API is shown as it is, its placeholders filled in.
    expect(i18nProvider.translate('Payment is not capturable.')).toBe('Payment is not capturable.');
    expect(i18nProvider.translate('Wait %{n} s.', { n: 3 })).toBe('Wait 3 s.');
    // A default given with the key is used, and is no miss.
    expect(i18nProvider.translate('resources.nothing.name', { _: 'Nothing' })).toBe('Nothing');
    expect(heard).toEqual(['paydesk.payment_method_type.fraud_analyst_x']);
  });

  it('takes every key the sources write for a message key, and nothing else', () => {
    expect(MESSAGE_KEY.test('paydesk.payment_method_type.carrier')).toBe(true);
    expect(MESSAGE_KEY.test('resources.payments.fields.total')).toBe(true);
    expect(MESSAGE_KEY.test('ra.action.save')).toBe(true);
    expect(MESSAGE_KEY.test('Payment is not capturable.')).toBe(false);
    expect(MESSAGE_KEY.test('The amount exceeds paydesk.limits')).toBe(false);
  });
});
