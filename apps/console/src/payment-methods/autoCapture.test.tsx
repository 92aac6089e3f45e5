import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import { AutoCaptureField, AutoCaptureInput, formatAutoCapture, parseAutoCapture } from './autoCapture.tsx';

describe('AutoCaptureField', () => {
  it.each([
    [true, 'Yes'],
    [false, 'No'],
    [null, 'Store default'],
  ])('shows auto_capture %s as "%s"', (auto_capture, label) => {
    const { container } = renderInAdmin(<AutoCaptureField source="auto_capture" />, {
      record: { id: 1, auto_capture },
    });
    expect(container.textContent).toBe(label);
  });

  it('shows nothing when the record has no such field', () => {
    const { container } = renderInAdmin(<AutoCaptureField />, { record: { id: 1 } });
    expect(container.textContent).toBe('');
  });
});

describe('AutoCaptureInput', () => {
  it('maps the three options to true / false / null and back', () => {
    expect([true, false, null].map(formatAutoCapture)).toEqual(['true', 'false', 'default']);
    expect(['true', 'false', 'default'].map(parseAutoCapture)).toEqual([true, false, null]);
  });

  it('offers Yes / No / Store default, and "Store default" saves null (not an empty field)', async () => {
    const onSubmit = vi.fn();
    renderInAdmin(
      <Form record={{ id: 1, auto_capture: true }} onSubmit={onSubmit}>
        <AutoCaptureInput />
        <button type="submit">Save</button>
      </Form>,
    );
    const select = await screen.findByRole('combobox');
    expect(select.textContent).toBe('Yes');

    await userEvent.click(select);
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Yes', 'No', 'Store default']);
    await userEvent.click(options[2]!);

    await userEvent.click(screen.getByText('Save'));
    expect(onSubmit).toHaveBeenCalled();
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ auto_capture: null });
  });
});
