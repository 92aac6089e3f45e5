/** Select choices whose labels are i18n keys: `${prefix}.${value}` (react-admin translates choice names). */
export function choicesOf(values: readonly string[], prefix: string): { id: string; name: string }[] {
  return values.map((id) => ({ id, name: `${prefix}.${id}` }));
}

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'] as const;
export const currencyChoices = CURRENCIES.map((id) => ({ id, name: id }));

export const yesNoChoices = [
  { id: true, name: 'paydesk.boolean.yes' },
  { id: false, name: 'paydesk.boolean.no' },
];
