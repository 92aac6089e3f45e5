import type { StaffRole } from '@paydesk/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpError, Notification, ResourceContextProvider, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { authAs, renderInAdmin, silenceExpectedFailures } from '../test/render.tsx';
import type { StaffUser } from '../types.ts';
import { ActiveToggleButton } from './ActiveToggleButton.tsx';
import { ResetPasswordButton } from './ResetPasswordButton.tsx';
import { StaffUserCreate } from './StaffUserCreate.tsx';
import { StaffUserList } from './StaffUserList.tsx';

const user = (id: number, changes: Partial<StaffUser>): StaffUser => ({
  id,
  full_name: `Person ${id}`,
  email: `person${id}@example.test`,
  role: 'operator',
  active: true,
  locked_until: null,
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T09:00:00Z',
  ...changes,
});

const omar = user(2, { full_name: 'Omar Haddad', role: 'operator' });
const fiona = user(3, { full_name: 'Fiona Brennan', role: 'finance', locked_until: '2026-12-02T10:30:00Z' });
const vera = user(4, { full_name: 'Vera Lindqvist', role: 'viewer', active: false });

function renderList(role: StaffRole) {
  const dataProvider = testDataProvider({
    getList: async () => ({ data: [omar, fiona, vera], total: 3 }),
  } as never);
  renderInAdmin(
    <ResourceContextProvider value="staff-users">
      <StaffUserList />
    </ResourceContextProvider>,
    { dataProvider, authProvider: authAs(role) },
  );
}

describe('the staff list', () => {
  it('shows each account’s role and whether it is active, locked or deactivated, with the admin’s actions', async () => {
    renderList('admin');
    const row = (name: string) => screen.getByText(name).closest('tr') as HTMLElement;
    expect(await screen.findByText('Omar Haddad', {}, { timeout: 10_000 })).toBeTruthy();
    expect(within(row('Omar Haddad')).getByText('Operator')).toBeTruthy();
    expect(within(row('Omar Haddad')).getByText('Active')).toBeTruthy();
    expect(within(row('Fiona Brennan')).getByText('Locked')).toBeTruthy();
    expect(within(row('Vera Lindqvist')).getByText('Deactivated')).toBeTruthy();
    await waitFor(() => expect(within(row('Omar Haddad')).getByRole('button', { name: 'Deactivate' })).toBeTruthy());
    expect(within(row('Vera Lindqvist')).getByRole('button', { name: 'Reactivate' })).toBeTruthy();
    expect(within(row('Fiona Brennan')).getByRole('button', { name: 'Reset password' })).toBeTruthy();
    expect(within(row('Omar Haddad')).getByRole('link', { name: 'Edit' })).toBeTruthy();
  });

  it('offers no action to a role that may not manage staff', async () => {
    renderList('operator');
    expect(await screen.findByText('Omar Haddad', {}, { timeout: 10_000 })).toBeTruthy();
    // Let the permission checks settle before looking for what they would show.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const name of ['Deactivate', 'Reactivate', 'Reset password', 'Edit', 'Create']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
      expect(screen.queryByRole('link', { name })).toBeNull();
    }
  });
});

describe('deactivating and reactivating', () => {
  function renderToggle(record: StaffUser) {
    const update = vi.fn(async (_resource: string, params: { data: Partial<StaffUser> }) => ({
      data: { ...record, ...params.data },
    }));
    renderInAdmin(
      <>
        <ActiveToggleButton />
        <Notification />
      </>,
      {
        record,
        dataProvider: testDataProvider({ update } as never),
        authProvider: authAs('admin'),
      },
    );
    return update;
  }

  it('asks first, then sends the account with active: false', async () => {
    const update = renderToggle(omar);
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Deactivate Omar Haddad?')).toBeTruthy();
    expect(within(dialog).getByText(/every session they have open ends at once/)).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0]![0]).toBe('staff-users');
    expect(update.mock.calls[0]![1].data).toEqual({
      full_name: 'Omar Haddad',
      email: 'person2@example.test',
      role: 'operator',
      active: false,
    });
    expect(await screen.findByText('Omar Haddad is deactivated and signed out everywhere.')).toBeTruthy();
  });

  it('reactivates a deactivated account', async () => {
    const update = renderToggle(vera);
    await userEvent.click(await screen.findByRole('button', { name: 'Reactivate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Reactivate' }));
    await waitFor(() => expect(update.mock.calls[0]![1].data).toMatchObject({ active: true }));
  });
});

describe('resetting a password', () => {
  function renderReset(resetStaffPassword: (id: number, password: string) => Promise<StaffUser>) {
    const reset = vi.fn(resetStaffPassword);
    renderInAdmin(
      <>
        <ResetPasswordButton />
        <Notification />
      </>,
      {
        record: fiona,
        dataProvider: testDataProvider({ resetStaffPassword: reset } as never),
        authProvider: authAs('admin'),
      },
    );
    return reset;
  }

  it('takes the new password twice, holds it to 12 characters, and sends it once they agree', async () => {
    const reset = renderReset(async () => ({ ...fiona, locked_until: null }));
    await userEvent.click(await screen.findByRole('button', { name: 'Reset password' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the password of Fiona Brennan' });
    expect(within(dialog).getByText(/unlocks the account/)).toBeTruthy();
    const [first, second] = [
      within(dialog).getByLabelText(/^New password \*?$/),
      within(dialog).getByLabelText(/^New password again/),
    ] as HTMLInputElement[];

    await userEvent.type(first!, 'short');
    await userEvent.type(second!, 'short');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(first!.getAttribute('aria-invalid')).toBe('true');
    expect(reset).not.toHaveBeenCalled();

    await userEvent.clear(first!);
    await userEvent.type(first!, 'a-brand-new-password');
    await userEvent.clear(second!);
    await userEvent.type(second!, 'a-brand-new-passwork');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(within(dialog).getByText('The two passwords are not the same.')).toBeTruthy();
    expect(reset).not.toHaveBeenCalled();

    await userEvent.clear(second!);
    await userEvent.type(second!, 'a-brand-new-password');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(reset).toHaveBeenCalledWith(3, 'a-brand-new-password'));
    expect(await screen.findByText(/New password set for Fiona Brennan/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows the server’s refusal in the dialog', async () => {
    silenceExpectedFailures();
    renderReset(async () => {
      throw new HttpError('password: Use at least 12 characters.', 400, {
        code: 'InvalidArgument',
        errors: { password: 'Use at least 12 characters.' },
      });
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Reset password' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^New password \*?$/), 'twelve-chars');
    await userEvent.type(within(dialog).getByLabelText(/^New password again/), 'twelve-chars');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(await within(dialog).findByText('Use at least 12 characters.')).toBeTruthy();
  });
});

describe('creating a staff member', () => {
  it('sends name, email, role and the initial password', async () => {
    const create = vi.fn(async (_resource: string, params: { data: Record<string, unknown> }) => ({
      data: { ...omar, id: 9, ...params.data },
    }));
    renderInAdmin(
      <ResourceContextProvider value="staff-users">
        <StaffUserCreate />
      </ResourceContextProvider>,
      { dataProvider: testDataProvider({ create } as never), authProvider: authAs('admin') },
    );
    await userEvent.type(await screen.findByRole('textbox', { name: /Name/ }), 'Nadia Ops');
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'nadia@example.test');
    await userEvent.type(screen.getByLabelText(/Initial password/), 'an-initial-password');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![1].data).toEqual({
      full_name: 'Nadia Ops',
      email: 'nadia@example.test',
      role: 'viewer',
      password: 'an-initial-password',
    });
  });
});
