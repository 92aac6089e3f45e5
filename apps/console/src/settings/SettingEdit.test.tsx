import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StaffRole } from '@paydesk/domain';
import { Edit, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { authAs, renderInAdmin } from '../test/render.tsx';
import type { Setting } from '../types.ts';
import { SettingForm, pickValue } from './SettingEdit.tsx';
import { SETTING_INPUTS, settingInput } from './settingInputs.ts';
import { webhookUrl } from './SettingValueInput.tsx';

const windowSetting: Setting = {
  id: 'spike_window_minutes',
  value: 15,
  description: 'Failed-order spikes: the window whose failure rate is compared with the baseline, in minutes.',
  updated_at: null,
  pending_change: null,
};

function renderEdit(
  record: Setting,
  role: StaffRole,
  update = vi.fn(async (_r: string, params: { data: Partial<Setting> }) => ({ data: { ...record, ...params.data } })),
  { staffId = 1, decideSettingChange = vi.fn(async () => ({ ...record, pending_change: null })) } = {},
) {
  const dataProvider = testDataProvider({
    getOne: async () => ({ data: record }),
    update,
    decideSettingChange,
  } as never);
  // As SettingEdit renders it, with the id given here instead of by the route.
  renderInAdmin(
    <Edit resource="settings" id={record.id} mutationMode="pessimistic" transform={pickValue}>
      <SettingForm />
    </Edit>,
    { dataProvider, authProvider: authAs(role, staffId) },
  );
  return update;
}

describe('settings', () => {
  it('knows how every spike threshold is edited', () => {
    expect(settingInput('spike_window_minutes', 15)).toEqual({
      kind: 'number',
      integer: true,
      min: 1,
      max: 1440,
      unit: 'minutes',
    });
    expect(settingInput('spike_factor', 1.5)).toMatchObject({ kind: 'number', integer: false, min: 1, max: 100 });
    expect(settingInput('spike_significance', 0.0001)).toMatchObject({ kind: 'number', integer: false, max: 0.1 });
    expect(settingInput('spike_min_effect', 0.05)).toMatchObject({ kind: 'number', integer: false, min: 0 });
    expect(settingInput('spike_baseline_weeks', 0)).toMatchObject({ kind: 'number', integer: true, min: 0, max: 8 });
    expect(settingInput('spike_baseline_days', 7)).toMatchObject({ kind: 'number', integer: true, min: 1, max: 90 });
    expect(settingInput('demo_staff', true)).toEqual({ kind: 'read_only' });
    expect(settingInput('shop_time_zone', 'UTC')).toEqual({ kind: 'time_zone' });
    expect(settingInput('something_new', false)).toEqual({ kind: 'boolean' });
    expect(Object.keys(SETTING_INPUTS)).toContain('store_default_auto_capture');
  });

  it('sends only the value', () => {
    expect(pickValue(windowSetting)).toEqual({ value: 15 });
  });

  it('lets an admin change a threshold, refusing values outside its bounds', async () => {
    const update = renderEdit(windowSetting, 'admin');
    const input = await screen.findByLabelText('Value *');
    expect(screen.getByText('A whole number from 1 to 1,440 minutes')).toBeTruthy();

    await userEvent.clear(input);
    await userEvent.type(input, '2000');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Must be 1440 or less')).toBeTruthy();
    await userEvent.clear(input);
    await userEvent.type(input, '7.5');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Must be a whole number')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();

    await userEvent.clear(input);
    await userEvent.type(input, '30');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0]![0]).toBe('settings');
    expect(update.mock.calls[0]![1].data).toEqual({ value: 30 });
  });

  it('lets an admin pick the shop’s time zone from the zones the browser knows', async () => {
    const zone: Setting = {
      id: 'shop_time_zone',
      value: 'UTC',
      description: 'The shop’s time zone.',
      updated_at: null,
      pending_change: null,
    };
    const update = renderEdit(zone, 'admin');
    const input = await screen.findByLabelText('Value *');
    expect(screen.getByText(/An IANA time zone, such as Europe\/Berlin/)).toBeTruthy();
    await userEvent.clear(input);
    await userEvent.type(input, 'Asia/Tok');
    await userEvent.click(await screen.findByRole('option', { name: 'Asia/Tokyo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0]![1].data).toEqual({ value: 'Asia/Tokyo' });
  });

  describe('alert webhook URLs', () => {
    const urls: Setting = {
      id: 'alert_webhook_urls',
      value: ['https://hooks.slack.com/services/T0/B0/x'],
      description: 'Spike alerts: URLs that receive spike.started and spike.resolved.',
      updated_at: null,
      pending_change: null,
    };

    it('checks each URL as the BFF does', () => {
      expect(settingInput('alert_webhook_urls', [])).toEqual({ kind: 'url_list', max: 10 });
      expect(webhookUrl('https://hooks.example.com/a', {}, {})).toBeUndefined();
      expect(webhookUrl('ftp://example.com/x', {}, {})).toBe('paydesk.settings.url.not_http');
      expect(webhookUrl('example.com/x', {}, {})).toBe('paydesk.settings.url.not_absolute');
      expect(webhookUrl('https://user:pw@example.com/x', {}, {})).toBe('paydesk.settings.url.credentials');
      for (const url of ['http://localhost:3000/x', 'http://127.0.0.1/x', 'http://192.168.1.2/x', 'http://[::1]/x']) {
        expect(webhookUrl(url, {}, {})).toBe('paydesk.settings.url.private');
      }
    });

    it('lets an admin add, fix and remove URLs, and sends the list', async () => {
      const update = renderEdit(urls, 'admin');
      const first = await screen.findByDisplayValue('https://hooks.slack.com/services/T0/B0/x');
      expect(first).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Add' }));
      const inputs = await screen.findAllByRole('textbox', { name: /URL/ });
      expect(inputs).toHaveLength(2);
      await userEvent.type(inputs[1]!, 'http://10.0.0.5/hook');
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
      expect(await screen.findByText('Must not point at a loopback or private address')).toBeTruthy();
      expect(update).not.toHaveBeenCalled();

      await userEvent.clear(inputs[1]!);
      await userEvent.type(inputs[1]!, 'https://alerts.example.com/paydesk');
      // react-admin shows a row's Remove on hover (visibility hidden otherwise): found by its label.
      await userEvent.click(screen.getAllByLabelText('Remove')[0]!);
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
      expect(update.mock.calls[0]![1].data).toEqual({ value: ['https://alerts.example.com/paydesk'] });
    });
  });

  it('shows other roles the value without a form', async () => {
    renderEdit(windowSetting, 'viewer');
    expect(await screen.findByText('Only admins change settings.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  describe('a change that weakens a money control', () => {
    const thresholds: Setting = {
      id: 'refund_approval_thresholds',
      value: { USD: '1000.00' },
      description: 'Two-person approval of large refunds.',
      updated_at: null,
      pending_change: { id: 7, value: { USD: '5000.00' }, requested_by: 2, requested_at: '2026-12-02T10:00:00Z' },
    };

    it('shows what waits, and lets a second admin apply it after confirming', async () => {
      const decideSettingChange = vi.fn(async () => ({ ...thresholds, pending_change: null }));
      renderEdit(thresholds, 'admin', undefined, { staffId: 1, decideSettingChange });
      expect(await screen.findByText('Waiting for a second admin')).toBeTruthy();
      expect(screen.getByText(/5000\.00/)).toBeTruthy();
      await userEvent.click(await screen.findByRole('button', { name: 'Apply the change' }));
      expect(await screen.findByText('Apply this change?')).toBeTruthy();
      expect(decideSettingChange).not.toHaveBeenCalled();
      await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      await waitFor(() => expect(decideSettingChange).toHaveBeenCalledWith('refund_approval_thresholds', 'approve'));
    });

    it('does not offer the admin who asked to apply it, only to withdraw it', async () => {
      renderEdit(thresholds, 'admin', undefined, { staffId: 2 });
      expect(await screen.findByText('You asked for this change: another admin must apply it.')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Apply the change' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Reject' })).toBeTruthy();
    });

    it('shows other roles what waits, with nothing to decide', async () => {
      renderEdit(thresholds, 'finance');
      expect(await screen.findByText('Waiting for a second admin')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    });
  });
});
