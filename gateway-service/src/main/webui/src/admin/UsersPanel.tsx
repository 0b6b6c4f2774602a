import { useState } from 'react';
import { del, patch } from '../api/client';
import { role, type Session } from '../api/session';
import { DataTable } from '../ui/DataTable';
import { Panel } from '../ui/Panel';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { useCreateDialog } from '../ui/useCreateDialog';
import { useList } from '../ui/useList';
import { AddUserDialog } from './AddUserDialog';
import { invitationLink } from '../auth/InvitePage';
import { SecretDialog } from './SecretDialog';
import { ROLES, type User } from './types';

/** The workspace's users: change a role, remove a user, add one (showing an invitation token once). */
export function UsersPanel({ session }: { session: Session }) {
  const [invited, setInvited] = useState<User | null>(null);
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const { items: users, load } = useList<User>('/api/v1/users?limit=200', run);
  const adding = useCreateDialog<User>((u) => {
    if (u.invitationToken) setInvited(u);
    void load();
  });
  const assignable = role(session) === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
  const self = (u: User) => u.id === session.claims.sub;
  const roleOf = (u: User) => (
    <select
      aria-label={`Role of ${u.email}`}
      value={u.role}
      disabled={self(u)}
      onChange={(e) => void run(patch(`/api/v1/users/${u.id}`, { role: e.target.value }).then(load))}
    >
      {ROLES.map((r) => (
        <option key={r} value={r} disabled={!assignable.includes(r)}>
          {r}
        </option>
      ))}
    </select>
  );
  const remove = (u: User) =>
    !self(u) && (
      <button
        type="button"
        className="danger"
        onClick={() =>
          confirm({
            title: 'Remove user',
            message: (
              <>
                Remove {u.email} from this workspace? They are signed out at once and their API keys stop working.
              </>
            ),
            confirmLabel: 'Remove',
            onConfirm: () => run(del(`/api/v1/users/${u.id}`).then(load)),
          })
        }
      >
        Remove
      </button>
    );
  return (
    <Panel
      label="Users"
      error={error}
      action={{ label: 'Add user', onClick: adding.open }}
    >
      <DataTable
        label="User list"
        rows={users}
        columns={[
          { header: 'Email', cell: (u) => u.email },
          { header: 'Role', cell: roleOf },
          { header: 'Status', cell: (u) => u.status },
          { header: 'Actions', cell: remove },
        ]}
      />
      {adding.shown && <AddUserDialog roles={assignable} onClose={adding.close} onAdded={adding.created} />}
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
      {dialog}
    </Panel>
  );
}
