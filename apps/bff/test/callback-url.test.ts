import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callbackUrlProblem,
  guardedLookup,
  isPublicAddress,
  postCallback,
  PRIVATE_ADDRESS,
  type Resolver,
} from '../src/callbacks/callback-url.ts';
import { startReceiver } from './receiver.ts';

const PRIVATE_SPELLINGS = [
  'http://127.0.0.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://[::1]/',
  'http://[::127.0.0.1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:0:7f00:1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b:1::a9fe:a9fe]/',
  'http://[2002:a9fe:a9fe::]/',
  'http://[2002:7f00:1::]/',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'http://[fec0::1]/',
  'http://[fe80::1]/',
  'http://[fd00::1]/',
  'http://[::]/',
  'http://[ff02::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://192.0.2.1/',
  'http://[2001:db8::1]/',
  'http://10.1.2.3/',
  'http://0.0.0.0/',
  'http://localhost/',
  'http://shop.localhost/',
];

describe('callback URL guard', () => {
  it.each(PRIVATE_SPELLINGS)('refuses %s', async (url) => {
    expect(await callbackUrlProblem(url, false)).toBe(PRIVATE_ADDRESS);
    expect(await callbackUrlProblem(url, false, false)).toBe(PRIVATE_ADDRESS);
  });

  it('accepts public addresses, and anything when private addresses are allowed', async () => {
    expect(await callbackUrlProblem('https://93.184.216.34/cb', false)).toBeNull();
    expect(await callbackUrlProblem('https://[2606:4700:4700::1111]/cb', false)).toBeNull();
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(await callbackUrlProblem('http://127.0.0.1/', true)).toBeNull();
  });

  it('refuses a name that resolves to any private address', async () => {
    const resolver: Resolver = async () => ['93.184.216.34', '10.0.0.7'];
    expect(await callbackUrlProblem('https://shop.example/cb', false, true, resolver)).toBe(PRIVATE_ADDRESS);
  });

  describe('at send time', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver();
    });
    afterAll(() => receiver.close());
    const port = () => new URL(receiver.url).port;

    it('checks the address it connects to: a name rebound to loopback after the check is refused', async () => {
      let lookups = 0;
      // A hostile DNS server: a public answer the first time, loopback ever after.
      const rebinding: Resolver = async () => (lookups++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']);
      const url = `http://rebind.example:${port()}/paydesk/callback`;
      expect(await callbackUrlProblem(url, false, true, rebinding)).toBeNull();
      await expect(
        postCallback(url, { headers: {}, body: '{}', timeoutMs: 2000, allowPrivate: false, resolver: rebinding }),
      ).rejects.toThrow(PRIVATE_ADDRESS);
      expect(receiver.received).toHaveLength(0);
    });

    it('refuses a private IP literal without connecting', async () => {
      await expect(
        postCallback(`http://[::ffff:7f00:1]:${port()}/`, {
          headers: {},
          body: '{}',
          timeoutMs: 2000,
          allowPrivate: false,
        }),
      ).rejects.toThrow(PRIVATE_ADDRESS);
      expect(receiver.received).toHaveLength(0);
    });

    it('connects to the resolved address, with the host name in the Host header', async () => {
      const resolver: Resolver = async () => ['127.0.0.1'];
      const status = await postCallback(`http://shop.example:${port()}/paydesk/callback`, {
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
        timeoutMs: 2000,
        allowPrivate: true,
        resolver,
      });
      expect(status).toBe(200);
      expect(receiver.received.at(-1)).toMatchObject({ body: '{"a":1}' });
      expect(receiver.received.at(-1)?.headers.host).toBe(`shop.example:${port()}`);
    });

    it('hands the socket only checked addresses', async () => {
      const lookup = guardedLookup(async () => ['93.184.216.34']);
      const address = await new Promise((resolve, reject) =>
        lookup('shop.example', {}, (error, value) => (error ? reject(error) : resolve(value))),
      );
      expect(address).toBe('93.184.216.34');
      const refused = guardedLookup(async () => ['93.184.216.34', '::1']);
      await expect(
        new Promise((resolve, reject) =>
          refused('shop.example', { all: true }, (error, value) => (error ? reject(error) : resolve(value))),
        ),
      ).rejects.toThrow(PRIVATE_ADDRESS);
    });
  });
});
