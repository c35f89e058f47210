// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Field } from './field';

beforeAll(() => {
  // Tells React this is a test environment, so updates inside act() are flushed as in a browser.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(cleanup);

describe('Field', () => {
  it('names its control with the label', () => {
    render(
      <div className="form-grid">
        <Field label="Publish topic">{({ id }) => <input id={id} type="text" />}</Field>
        <Field label="Password">{({ id }) => <input id={id} type="password" />}</Field>
        <Field label="Format">
          {({ id }) => (
            <select id={id}>
              <option>Text</option>
            </select>
          )}
        </Field>
      </div>,
    );
    const topic = screen.getByRole('textbox', { name: 'Publish topic' });
    expect(screen.getByLabelText('Publish topic')).toBe(topic);
    const password = screen.getByLabelText('Password');
    expect(password.tagName).toBe('INPUT');
    expect(password.getAttribute('type')).toBe('password');
    expect(screen.getByRole('combobox', { name: 'Format' }).tagName).toBe('SELECT');
  });

  it('renders a label and the control as direct cells of the grid, with no wrapper', () => {
    const { container } = render(
      <div className="form-grid">
        <Field label="Broker URL">{({ id }) => <input id={id} type="text" />}</Field>
      </div>,
    );
    const grid = container.firstElementChild!;
    expect(Array.from(grid.children, (c) => c.tagName)).toEqual(['LABEL', 'INPUT']);
  });

  it('gives two fields different ids', () => {
    render(
      <>
        <Field label="Will topic">{({ id }) => <input id={id} type="text" />}</Field>
        <Field label="Will payload">{({ id }) => <input id={id} type="text" />}</Field>
      </>,
    );
    const topic = screen.getByRole('textbox', { name: 'Will topic' });
    const payload = screen.getByRole('textbox', { name: 'Will payload' });
    expect(topic.id).not.toBe('');
    expect(payload.id).not.toBe('');
    expect(topic.id).not.toBe(payload.id);
  });

  it('announces a hint through aria-describedby, and describes nothing without one', () => {
    const { container } = render(
      <div className="form-grid">
        <Field label="Messages" hint="0 repeats until you stop.">
          {({ id, describedBy }) => <input id={id} type="number" aria-describedby={describedBy} />}
        </Field>
        <Field label="Counter start">
          {({ id, describedBy }) => <input id={id} type="number" aria-describedby={describedBy} />}
        </Field>
      </div>,
    );
    const messages = screen.getByRole('spinbutton', { name: 'Messages' });
    expect(messages.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      screen.getByRole('spinbutton', {
        name: 'Messages',
        description: '0 repeats until you stop.',
      }),
    ).toBe(messages);
    const hint = document.getElementById(messages.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('0 repeats until you stop.');
    expect(hint?.className).toBe('muted small-note span-2');
    // The hint is a full-width cell of its own, after the control.
    expect(Array.from(container.firstElementChild!.children, (c) => c.tagName)).toEqual([
      'LABEL',
      'INPUT',
      'SPAN',
      'LABEL',
      'INPUT',
    ]);
    const counter = screen.getByRole('spinbutton', { name: 'Counter start' });
    expect(counter.hasAttribute('aria-describedby')).toBe(false);
  });
});
