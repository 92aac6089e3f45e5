import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { isConfiguredSecret, secretPreferencesOf } from '@paydesk/domain';
import { FormDataConsumer, TextInput, useRecordContext, useTranslate } from 'react-admin';
import type { PaymentMethod } from '../types.ts';

/** Where the form keeps what staff type into the secret fields (pickEditable moves it into preferences). */
export const SECRET_CHANGES = 'secret_changes';

/** A secret preference's name in a label: its own message, or its name in words (`api_token` → "api token"). */
function useSecretName() {
  const translate = useTranslate();
  return (name: string) => translate(`paydesk.secrets.names.${name}`, { _: name.replace(/[_-]+/g, ' ') });
}

/**
 * The method's gateway credentials, write-only: a password field per secret its type reads (and any other it
 * has stored), empty whatever is stored. "Set" when there is none, "Replace" when there is one (with its
 * hint, e.g. sk_test_…4242); left empty, the stored value is kept.
 */
export const SecretInputs = () => {
  const translate = useTranslate();
  const secretName = useSecretName();
  return (
    <FormDataConsumer>
      {({ formData }) => {
        const preferences = (formData?.preferences ?? {}) as Record<string, unknown>;
        const names = secretPreferencesOf(String(formData?.type ?? ''), preferences);
        if (names.length === 0) return null;
        return (
          <Box sx={{ width: '100%', mt: 1 }}>
            <Typography variant="subtitle2" gutterBottom>
              {translate('paydesk.secrets.title')}
            </Typography>
            {names.map((name) => {
              const stored = preferences[name];
              const configured = isConfiguredSecret(stored);
              return (
                <TextInput
                  key={name}
                  source={`${SECRET_CHANGES}.${name}`}
                  type="password"
                  autoComplete="new-password"
                  label={translate(configured ? 'paydesk.secrets.replace' : 'paydesk.secrets.set', {
                    name: secretName(name),
                  })}
                  helperText={
                    configured
                      ? stored.hint
                        ? translate('paydesk.secrets.configured_hint', { hint: stored.hint })
                        : translate('paydesk.secrets.configured')
                      : translate('paydesk.secrets.not_set')
                  }
                  fullWidth
                />
              );
            })}
          </Box>
        );
      }}
    </FormDataConsumer>
  );
};

/** The method's gateway credentials on its show page: each set (with its hint) or not set, never a value. */
export const SecretsSummary = () => {
  const record = useRecordContext<PaymentMethod>();
  const translate = useTranslate();
  const secretName = useSecretName();
  if (!record) return null;
  const names = secretPreferencesOf(record.type, record.preferences ?? {});
  if (names.length === 0) return <Typography variant="body2">{translate('paydesk.secrets.none')}</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {names.map((name) => {
        const stored = record.preferences?.[name];
        const state = isConfiguredSecret(stored)
          ? stored.hint
            ? translate('paydesk.secrets.summary_hint', { hint: stored.hint })
            : translate('paydesk.secrets.summary_set')
          : translate('paydesk.secrets.summary_not_set');
        return (
          <Typography key={name} component="li" variant="body2">
            {secretName(name)}: {state}
          </Typography>
        );
      })}
    </Box>
  );
};
