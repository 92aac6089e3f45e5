import {
  BooleanInput,
  maxValue,
  minValue,
  number,
  NumberInput,
  required,
  useTranslate,
  type Validator,
} from 'react-admin';
import type { SettingInput } from './settingInputs.ts';

const wholeNumber: Validator = (value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? 'paydesk.settings.whole_number' : undefined;

/** The validators of a number setting: required, a number, whole if it must be, within its bounds. */
export function numberValidators(input: Extract<SettingInput, { kind: 'number' }>): Validator[] {
  return [
    required(),
    number(),
    ...(input.integer ? [wholeNumber] : []),
    ...(input.min === undefined ? [] : [minValue(input.min)]),
    ...(input.max === undefined ? [] : [maxValue(input.max)]),
  ];
}

/** The input for a setting's `value`, by its kind (settingInputs.ts). */
export const SettingValueInput = ({ input }: { input: SettingInput }) => {
  const translate = useTranslate();
  if (input.kind === 'boolean') return <BooleanInput source="value" label="resources.settings.fields.value" />;
  if (input.kind === 'read_only') return null;
  const bounds =
    input.min !== undefined && input.max !== undefined
      ? translate(input.integer ? 'paydesk.settings.bounds_whole' : 'paydesk.settings.bounds', {
          min: input.min.toLocaleString(),
          max: input.max.toLocaleString(),
          unit: input.unit ? translate(`paydesk.settings.unit.${input.unit}`, { _: input.unit }) : '',
        })
      : undefined;
  return (
    <NumberInput
      source="value"
      label="resources.settings.fields.value"
      validate={numberValidators(input)}
      step={input.step ?? (input.integer ? 1 : 'any')}
      min={input.min}
      max={input.max}
      helperText={bounds}
    />
  );
};
