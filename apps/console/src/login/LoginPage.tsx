import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Login, useLogin, useTranslate } from 'react-admin';
import type { LoginParams } from '../authProvider.ts';
import { DemoAccountChips } from './DemoAccountChips.tsx';

function errorMessage(error: unknown): string | null {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : null;
}

/** Email and password; the API's sentence on failure ("Email or password is incorrect."). */
export const LoginForm = () => {
  const translate = useTranslate();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setLoading(true);
    try {
      await login({ email: email.trim(), password } satisfies LoginParams);
    } catch (failure) {
      setError(errorMessage(failure) ?? translate('paydesk.login.failed'));
      setLoading(false);
    }
  };

  const pick = (pickedEmail: string, pickedPassword: string) => {
    setEmail(pickedEmail);
    setPassword(pickedPassword);
    setError(null);
  };

  return (
    <Box sx={{ width: { xs: '100%', sm: 380 } }}>
      <Box
        component="form"
        onSubmit={submit}
        noValidate
        sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}
      >
        <Typography variant="h6" component="h1" align="center">
          {translate('paydesk.login.title')}
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <TextField
          label={translate('paydesk.login.email')}
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          disabled={loading}
          fullWidth
        />
        <TextField
          label={translate('paydesk.login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          disabled={loading}
          fullWidth
        />
        <Button
          type="submit"
          variant="contained"
          disabled={loading || !email || !password}
          startIcon={loading ? <CircularProgress size={18} color="inherit" /> : undefined}
          fullWidth
        >
          {translate('paydesk.login.sign_in')}
        </Button>
      </Box>
      <DemoAccountChips onPick={pick} />
    </Box>
  );
};

export const LoginPage = () => (
  <Login>
    <LoginForm />
  </Login>
);

export default LoginPage;
