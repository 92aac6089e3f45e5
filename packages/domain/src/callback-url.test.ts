import { describe, expect, it } from 'vitest';
import { callbackUrlSyntaxProblem } from './callback-url.ts';

describe('callbackUrlSyntaxProblem', () => {
  it('takes public http(s) URLs', () => {
    expect(callbackUrlSyntaxProblem('https://hooks.slack.com/services/T0/B0/x')).toBeNull();
    expect(callbackUrlSyntaxProblem('http://203.0.113.9:8080/hook')).toBeNull();
    expect(callbackUrlSyntaxProblem('https://172.32.0.1/x')).toBeNull();
  });

  it('refuses what is not an absolute http(s) URL, or carries credentials', () => {
    expect(callbackUrlSyntaxProblem('hooks.example.com/x')).toBe('not_absolute');
    expect(callbackUrlSyntaxProblem('ftp://example.com/x')).toBe('not_http');
    expect(callbackUrlSyntaxProblem('https://user:secret@example.com/x')).toBe('credentials');
  });

  it('refuses localhost and loopback and private IPv4 addresses unless allowed', () => {
    for (const url of [
      'http://localhost/x',
      'http://api.localhost/x',
      'http://127.0.0.1/x',
      'http://10.0.0.5/x',
      'http://172.16.0.1/x',
      'http://192.168.1.1/x',
      'http://169.254.169.254/latest',
      'http://100.64.0.1/x',
      'http://0.0.0.0/x',
      'http://[::1]/x',
    ]) {
      expect(callbackUrlSyntaxProblem(url)).toBe('private');
      expect(callbackUrlSyntaxProblem(url, true)).toBeNull();
    }
  });
});
