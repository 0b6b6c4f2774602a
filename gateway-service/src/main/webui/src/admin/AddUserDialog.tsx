import { useState } from 'react';
import { post } from '../api/client';
import { Field } from '../ui/Field';
import { FormDialog } from '../ui/FormDialog';
import type { User } from './types';

/** Adds a user with a role, with an initial password or (left empty) an invitation. */
export function AddUserDialog({ roles, onClose, onAdded }: { roles: string[]; onClose: () => void; onAdded: (u: User) => void }) {
  const [user, setUser] = useState({ email: '', role: 'member', password: '' });
  const set = (k: keyof typeof user) => (v: string) => setUser((u) => ({ ...u, [k]: v }));
  return (
    <FormDialog
      title="Add user"
      submitLabel="Add"
      onClose={onClose}
      onSubmit={() => post<User>('/api/v1/users', { ...user, password: user.password || undefined }).then(onAdded)}
    >
      <Field label="Email" type="email" required value={user.email} onValue={set('email')} />
      <label>
        Role
        <select value={user.role} onChange={(e) => set('role')(e.target.value)}>
          {roles.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <Field
        label="Initial password (leave empty to create an invitation)"
        type="password"
        minLength={8}
        value={user.password}
        onValue={set('password')}
        autoComplete="new-password"
      />
    </FormDialog>
  );
}
