import { callbackUrlSyntaxProblem } from '@paydesk/domain';
import {
  AutocompleteInput,
  ArrayInput,
  BooleanInput,
  maxValue,
  minValue,
  number,
  NumberInput,
  required,
  SimpleFormIterator,
  TextInput,
  useTranslate,
  type Validator,
} from 'react-admin';
import { type SettingInput, timeZoneNames } from './settingInputs.ts';

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

/**
 * A webhook URL, checked as the BFF checks it (the spelling: absolute http(s), no credentials, no
 * localhost or private IPv4 address); the BFF checks again on save, and refuses private addresses only
 * while callbacks_allow_private_addresses is off — its sentence then shows under the list.
 */
export const webhookUrl: Validator = (value: unknown) => {
  if (typeof value !== 'string' || value === '') return undefined;
  const problem = callbackUrlSyntaxProblem(value.trim());
  return problem ? `paydesk.settings.url.${problem}` : undefined;
};

const atMost =
  (max: number): Validator =>
  (value: unknown) =>
    Array.isArray(value) && value.length > max
      ? { message: 'paydesk.settings.url.too_many', args: { max } }
      : undefined;

/** The list of URLs: one input a line, added and removed in place. */
const UrlListInput = ({ max }: { max: number }) => {
  const translate = useTranslate();
  return (
    <ArrayInput
      source="value"
      label="resources.settings.fields.value"
      validate={atMost(max)}
      helperText={translate('paydesk.settings.url.help', { max })}
    >
      <SimpleFormIterator inline disableReordering disableClear>
        <TextInput
          source=""
          label="paydesk.settings.url.label"
          type="url"
          validate={[required(), webhookUrl]}
          parse={(value: string) => value.trim()}
          sx={{ minWidth: 420 }}
        />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

/** The input for a setting's `value`, by its kind (settingInputs.ts). */
export const SettingValueInput = ({ input }: { input: SettingInput }) => {
  const translate = useTranslate();
  if (input.kind === 'boolean') return <BooleanInput source="value" label="resources.settings.fields.value" />;
  if (input.kind === 'read_only') return null;
  if (input.kind === 'time_zone') {
    return (
      <AutocompleteInput
        source="value"
        label="resources.settings.fields.value"
        choices={timeZoneNames().map((zone) => ({ id: zone, name: zone }))}
        validate={required()}
        helperText="paydesk.settings.time_zone_help"
        translateChoice={false}
        disableClearable
      />
    );
  }
  if (input.kind === 'url_list') return <UrlListInput max={input.max} />;
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
