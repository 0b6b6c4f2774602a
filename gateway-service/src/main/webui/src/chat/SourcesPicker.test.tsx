import { fireEvent, render, screen } from '@testing-library/react';
import { SourcesPicker } from './SourcesPicker';

const KBS = [
  { id: 'k1', name: 'Travel' },
  { id: 'k2', name: 'Safety' },
];

function picker(selected: string[] = [], extra: Partial<Parameters<typeof SourcesPicker>[0]> = {}) {
  const onChange = vi.fn();
  const utils = render(<SourcesPicker kbs={KBS} selected={selected} onChange={onChange} disabled={false} closeSignal={0} {...extra} />);
  const details = utils.container.querySelector('details') as HTMLDetailsElement;
  return { ...utils, onChange, details };
}

describe('the sources picker', () => {
  it('says all knowledge bases are searched when none is chosen, else names the chosen ones', () => {
    const { rerender } = picker();
    expect(screen.getByText('Sources: All knowledge bases')).toBeTruthy();
    rerender(<SourcesPicker kbs={KBS} selected={['k2']} onChange={vi.fn()} disabled={false} />);
    expect(screen.getByText('Sources: Safety')).toBeTruthy();
  });

  it('adds and removes knowledge bases with their checkboxes', () => {
    const { onChange, rerender } = picker(['k1']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Safety' }));
    expect(onChange).toHaveBeenLastCalledWith(['k1', 'k2']);
    rerender(<SourcesPicker kbs={KBS} selected={['k1', 'k2']} onChange={onChange} disabled={false} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Travel' }));
    expect(onChange).toHaveBeenLastCalledWith(['k2']);
  });

  it('closes when the close signal changes (a send), on Escape with focus on its summary, and on a click elsewhere', () => {
    const { details, rerender } = picker();
    details.open = true;
    rerender(<SourcesPicker kbs={KBS} selected={[]} onChange={vi.fn()} disabled={false} closeSignal={1} />);
    expect(details.open).toBe(false);

    details.open = true;
    fireEvent.keyDown(screen.getByRole('checkbox', { name: 'Travel' }), { key: 'Escape' });
    expect(details.open).toBe(false);
    expect(document.activeElement).toBe(details.querySelector('summary'));

    details.open = true;
    fireEvent.mouseDown(document.body);
    expect(details.open).toBe(false);
    details.open = true;
    fireEvent.mouseDown(screen.getByRole('checkbox', { name: 'Travel' }));
    expect(details.open).toBe(true);
  });

  it('is read-only for a role that cannot chat, and says when there is nothing to choose', () => {
    const { rerender } = picker([], { disabled: true });
    expect(screen.getByRole('checkbox', { name: 'Travel' }).matches(':disabled')).toBe(true);
    rerender(<SourcesPicker kbs={[]} selected={[]} onChange={vi.fn()} disabled={false} />);
    expect(screen.getByText('No knowledge bases yet.')).toBeTruthy();
  });
});
