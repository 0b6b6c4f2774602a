import { useState } from 'react';
import { post } from '../api/client';
import { FormDialog } from '../ui/FormDialog';
import type { User } from './types';

/** Adds a user with a role, with an initial password or (left empty) an invitation. */
export function AddUserDialog({ roles, onClose, onAdded }: { roles: string[]; onClose: () => void; onAdded: (u: User) => void }) {
  const [email, setEmail] = useState('');
  const [r, setR] = useState('member');
  const [password, setPassword] = useState('');
  return (
    <FormDialog
      title="Add user"
      submitLabel="Add"
      onClose={onClose}
      onSubmit={() => post<User>('/api/v1/users', { email, role: r, password: password || undefined }).then(onAdded)}
    >
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Role
        <select value={r} onChange={(e) => setR(e.target.value)}>
          {roles.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <label>
        Initial password (leave empty to create an invitation)
        <input type="password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </label>
    </FormDialog>
  );
}
