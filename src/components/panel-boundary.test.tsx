// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { PanelBoundary } from './panel-boundary';

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new RangeError('toFixed() digits argument must be between 0 and 100');
  return <p>working again</p>;
}

describe('PanelBoundary', () => {
  it('keeps the failure inside the panel, says what failed and reloads the panel', () => {
    // React reports the caught error on the console; the test is about what the user sees.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <>
        <PanelBoundary name="Publish">
          <Fragile />
        </PanelBoundary>
        <p>other panel</p>
      </>,
    );
    expect(screen.getByRole('region', { name: 'Publish' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('toFixed() digits argument');
    expect(screen.getByText('other panel')).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Reload this panel' }));
    expect(screen.getByText('working again')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    quiet.mockRestore();
  });
});
