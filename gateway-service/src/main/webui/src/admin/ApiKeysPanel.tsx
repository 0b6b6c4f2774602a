import { useState } from 'react';
import { del } from '../api/client';
import { DataTable } from '../ui/DataTable';
import { Panel } from '../ui/Panel';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { useCreateDialog } from '../ui/useCreateDialog';
import { useList } from '../ui/useList';
import { CreateKeyDialog } from './CreateKeyDialog';
import { SecretDialog } from './SecretDialog';
import type { ApiKey } from './types';

/** The workspace's API keys: create one (its secret shown once), revoke one. */
export function ApiKeysPanel() {
  const [created, setCreated] = useState<ApiKey | null>(null);
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const { items: keys, load } = useList<ApiKey>('/api/v1/api-keys?limit=200', run);
  const creating = useCreateDialog<ApiKey>((k) => {
    setCreated(k);
    void load();
  });
  const revoke = (k: ApiKey) =>
    confirm({
      title: 'Revoke API key',
      message: <>Revoke “{k.name}”? Callers using it are refused within seconds.</>,
      confirmLabel: 'Revoke',
      onConfirm: () => run(del(`/api/v1/api-keys/${k.id}`).then(() => void load())),
    });
  return (
    <Panel
      label="API keys"
      error={error}
      action={{ label: 'Create API key', onClick: creating.open }}
    >
      <DataTable
        label="API key list"
        className="keys"
        rows={keys}
        rowProps={(k) => ({ 'data-key': k.id })}
        empty="No API keys."
        columns={[
          { header: 'Name', cell: (k) => k.name },
          // on a phone the name, status and Revoke fit; the rest is for wide screens
          { header: 'Key', className: 'wide-only', cell: (k) => <code>{k.prefix}…</code> },
          { header: 'Scopes', className: 'wide-only', cell: (k) => (k.scopes ?? []).join(', ') },
          {
            header: 'Last used',
            className: 'wide-only',
            cell: (k) => (k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'),
          },
          { header: 'Status', cell: (k) => (k.revokedAt ? 'revoked' : 'active') },
          {
            header: 'Actions',
            cell: (k) =>
              !k.revokedAt && (
                <button type="button" className="danger" onClick={() => revoke(k)}>
                  Revoke
                </button>
              ),
          },
        ]}
      />
      {creating.shown && <CreateKeyDialog onClose={creating.close} onCreated={creating.created} />}
      {created && (
        <SecretDialog
          title="API key created"
          secret={created.secret ?? ''}
          testId="api-key-secret"
          copyable
          onClose={() => setCreated(null)}
        >
          Copy the secret now: it is shown only once and stored hashed.
        </SecretDialog>
      )}
      {dialog}
    </Panel>
  );
}
