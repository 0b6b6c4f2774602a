import { act, fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { FormDialog } from './FormDialog';
import { useAction } from './useAction';
import { useConfirm, type ConfirmRequest } from './useConfirm';
import { ErrorNote } from './Dialog';

function Runner({ work, notFound }: { work: () => Promise<unknown>; notFound?: string }) {
  const { error, busy, run } = useAction();
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run(work, notFound)}>
        Go
      </button>
      <ErrorNote error={error} />
    </>
  );
}

function Confirming({ request }: { request: ConfirmRequest }) {
  const { confirm, dialog } = useConfirm();
  return (
    <>
      <button type="button" onClick={() => confirm(request)}>
        Ask
      </button>
      {dialog}
    </>
  );
}

describe('the error pattern', () => {
  it('shows a failure as one sentence, with the wait and the 404 wording', async () => {
    const { rerender } = render(<Runner work={() => Promise.reject(new ApiError(429, 'rate_limited', 'Slow down', 7))} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Go' })));
    expect(screen.getByRole('alert').textContent).toBe('Slow down Try again in 7 s.');
    rerender(<Runner work={() => Promise.reject(new ApiError(404, 'not_found', 'Not Found'))} notFound="Not there yet." />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Go' })));
    expect(screen.getByRole('alert').textContent).toBe('Not there yet.');
  });

  it('keeps a form dialog open with its error when the submit fails', async () => {
    const onClose = vi.fn();
    render(
      <FormDialog title="Add thing" submitLabel="Add" onClose={onClose} onSubmit={() => Promise.reject(new Error('Name taken'))}>
        <label>
          Name
          <input />
        </label>
      </FormDialog>,
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add' })));
    expect(screen.getByRole('dialog').querySelector('[role=alert]')?.textContent).toBe('Name taken');
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('the form pattern', () => {
  it('sends a form once while its first submit is in flight, with the submit button disabled until it settles', async () => {
    let settle: () => void = () => undefined;
    const onSubmit = vi.fn(() => new Promise<void>((resolve) => (settle = resolve)));
    render(
      <FormDialog title="Add thing" submitLabel="Add" onClose={vi.fn()} onSubmit={onSubmit}>
        <label>
          Name
          <input />
        </label>
      </FormDialog>,
    );
    const add = screen.getByRole('button', { name: 'Add' }) as HTMLButtonElement;
    const form = add.closest('form') as HTMLFormElement;
    act(() => {
      fireEvent.submit(form);
      fireEvent.submit(form); // a double-click's second submit
    });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(add.disabled).toBe(true);
    await act(async () => settle());
    expect(add.disabled).toBe(false);
    act(() => {
      fireEvent.submit(form);
    });
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });
});

describe('the confirm pattern', () => {
  it('runs the action only after the danger button, then closes', async () => {
    const onConfirm = vi.fn(() => Promise.resolve());
    render(<Confirming request={{ title: 'Delete thing', message: 'Sure?', confirmLabel: 'Delete', onConfirm }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    expect(screen.getByRole('dialog').textContent).toContain('Sure?');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Delete' })));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
