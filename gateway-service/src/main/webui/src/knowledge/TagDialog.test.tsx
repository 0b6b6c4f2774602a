import { fireEvent, render, screen } from '@testing-library/react';
import { TagDialog } from './TagDialog';

describe('the tag dialog', () => {
  it('adds the typed tags on Enter, and adds nothing while the field is empty', () => {
    const apply = vi.fn();
    render(<TagDialog onClose={vi.fn()} onApply={apply} />);
    const input = screen.getByLabelText(/Tags/);
    fireEvent.submit(input.closest('form')!);
    expect(apply).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: 'policy, 2026 ' } });
    fireEvent.submit(input.closest('form')!);
    expect(apply).toHaveBeenCalledWith('tag', ['policy', '2026']);
  });
});
