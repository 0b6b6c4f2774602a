import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { DataTable } from './DataTable';
import { Dialog } from './Dialog';

const ROWS = [
  { id: 'a', name: 'Ann' },
  { id: 'b', name: 'Bob' },
  { id: 'c', name: 'Cid' },
];

function Table() {
  return (
    <DataTable
      label="People"
      rows={ROWS}
      empty="Nobody."
      columns={[
        { header: 'Name', cell: (r) => r.name },
        { header: 'Actions', cell: (r) => <button type="button">Edit {r.name}</button> },
      ]}
    />
  );
}

describe('the data table', () => {
  it('is a focusable, labelled region with column headers', () => {
    render(<Table />);
    const region = screen.getByRole('region', { name: 'People' });
    expect(region.tabIndex).toBe(0);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Actions']);
  });

  it('moves between rows with the arrow keys', () => {
    render(<Table />);
    const first = screen.getByRole('button', { name: 'Edit Ann' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit Bob' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit Cid' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit Bob' }));
  });

  it('says when there are no rows', () => {
    render(<DataTable label="People" rows={[]} rowKey={() => ''} empty="Nobody." columns={[{ header: 'Name', cell: () => '' }]} />);
    expect(screen.getByText('Nobody.')).toBeTruthy();
  });
});

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Edit" onClose={() => setOpen(false)}>
          <label>
            Name
            <input />
          </label>
          <button type="button">Save</button>
        </Dialog>
      )}
    </>
  );
}

describe('a dialog', () => {
  it('takes focus, keeps Tab inside, and gives focus back on Escape', () => {
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Edit' });
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    fireEvent.keyDown(save, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(save);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
