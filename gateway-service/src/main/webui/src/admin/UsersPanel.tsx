import { useCallback, useEffect, useState } from 'react';
import { del, get, patch } from '../api/client';
import { role, type Session } from '../api/session';
import type { Page } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import { AddUserDialog } from './AddUserDialog';
import { invitationLink } from '../auth/InvitePage';
import { SecretDialog } from './SecretDialog';
import { ROLES, type User } from './types';

/** The workspace's users: change a role, remove a user, add one (showing an invitation token once). */
export function UsersPanel({ session }: { session: Session }) {
  const [users, setUsers] = useState<User[]>([]);
  const [adding, setAdding] = useState(false);
  const [invited, setInvited] = useState<User | null>(null);
  const { error, run } = useAction();
  const load = useCallback(() => run(get<Page<User>>('/api/v1/users?limit=200').then((p) => setUsers(p.items))), [run]);
  useEffect(() => {
    void load();
  }, [load]);
  const assignable = role(session) === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
  return (
    <section aria-label="Users">
      <ErrorNote error={error} />
      <button type="button" className="primary" onClick={() => setAdding(true)}>
        Add user
      </button>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === session.claims.sub}
                    onChange={(e) => void run(patch(`/api/v1/users/${u.id}`, { role: e.target.value }).then(load))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r} disabled={!assignable.includes(r)}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.status}</td>
                <td>
                  {u.id !== session.claims.sub && (
                    <button type="button" className="danger" onClick={() => void run(del(`/api/v1/users/${u.id}`).then(load))}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {adding && (
        <AddUserDialog
          roles={assignable}
          onClose={() => setAdding(false)}
          onAdded={(u) => {
            setAdding(false);
            if (u.invitationToken) setInvited(u);
            void load();
          }}
        />
      )}
      {invited && (
        <SecretDialog
          title="Invitation created"
          secret={invitationLink(invited.invitationToken ?? '')}
          copyable
          testId="invitation-link"
          onClose={() => setInvited(null)}
        >
          Send this invitation link to {invited.email}: it opens a page where they choose a password and are signed in.
          It works once, for 7 days, and is shown only now.
        </SecretDialog>
      )}
    </section>
  );
}
